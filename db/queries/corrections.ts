import { eq, sql } from 'drizzle-orm';
import { runBatch, type Db } from '../client.ts';
import { mentionCorrections, mentions } from '../schema/index.ts';
import { applyCorrectionsStatement } from './mentions.ts';

export type Correction = typeof mentionCorrections.$inferSelect;
export type CorrectionWrite = Omit<Correction, 'mentionId' | 'correctedBy' | 'correctedAt'>;

export async function getCorrection(db: Db, mentionId: number): Promise<Correction | null> {
  const [row] = await db.select().from(mentionCorrections).where(eq(mentionCorrections.mentionId, mentionId));
  return row ?? null;
}

/** Saves a mention's correction (fields left null are not corrected) and lays it over its analysis, together. */
export async function saveCorrection(db: Db, mentionId: number, c: CorrectionWrite, by: number | null, at: number): Promise<void> {
  const row = { ...c, correctedBy: by, correctedAt: at };
  await runBatch(db, [
    db
      .insert(mentionCorrections)
      .values({ mentionId, ...row })
      .onConflictDoUpdate({ target: mentionCorrections.mentionId, set: row }),
    applyCorrectionsStatement(db, sql`mention_analysis.mention_id = ${mentionId}`),
  ]);
}

export async function deleteCorrection(db: Db, mentionId: number): Promise<void> {
  await db.delete(mentionCorrections).where(eq(mentionCorrections.mentionId, mentionId));
}

/** Every correction with its mention's text and language, oldest first: training rows for `earshot train --with`. */
export async function correctionsForTraining(db: Db) {
  return db
    .select({
      mentionId: mentionCorrections.mentionId,
      title: mentions.title,
      text: mentions.text,
      languageHint: mentions.languageHint,
      language: sql<string | null>`(SELECT language FROM mention_analysis a WHERE a.mention_id = ${mentions.id})`,
      relevant: mentionCorrections.relevant,
      sentiment: mentionCorrections.sentiment,
      tactics: mentionCorrections.tactics,
      vulnerability: mentionCorrections.vulnerability,
      escalation: mentionCorrections.escalation,
      correctedAt: mentionCorrections.correctedAt,
    })
    .from(mentionCorrections)
    .innerJoin(mentions, eq(mentions.id, mentionCorrections.mentionId))
    .orderBy(mentionCorrections.correctedAt, mentionCorrections.mentionId);
}
