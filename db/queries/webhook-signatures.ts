// Signatures of signed webhook pushes already applied, so a replay within the signature window is refused.
import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { webhookSignatures } from '../schema/index.ts';

export async function signatureSeen(db: Db, sourceId: number, signature: string): Promise<boolean> {
  const rows = await db
    .select({ seenAt: webhookSignatures.seenAt })
    .from(webhookSignatures)
    .where(and(eq(webhookSignatures.sourceId, sourceId), eq(webhookSignatures.signature, signature)))
    .limit(1);
  return rows.length > 0;
}

/**
 * Statements for the batch that applies a push: forget signatures seen before `forgetBefore` (they can no longer
 * verify), remember this one. A second batch with the same signature fails on the primary key and stores nothing.
 */
export function rememberSignatureStatements(db: Db, o: { sourceId: number; signature: string; now: number; forgetBefore: number }) {
  return [
    db.delete(webhookSignatures).where(lt(webhookSignatures.seenAt, o.forgetBefore)),
    db.insert(webhookSignatures).values({ sourceId: o.sourceId, signature: o.signature, seenAt: o.now }),
  ];
}
