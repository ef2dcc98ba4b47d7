/**
 * A small XML well-formedness check for the markup our components emit: every tag balanced and properly
 * nested, attributes quoted and unique, no raw `<` or stray `&` in text or attribute values.
 * Returns the problems found (empty when well formed) and the element names seen, in order.
 */
export function checkXml(xml: string): { problems: string[]; elements: string[] } {
  const problems: string[] = [];
  const elements: string[] = [];
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[A-Za-z_:][\w:.-]*="[^"]*")*)\s*(\/?)>/y;
  const attr = /\s+([A-Za-z_:][\w:.-]*)="([^"]*)"/g;
  const entity = /&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);/y;
  const checkText = (text: string, where: string) => {
    if (text.includes('<')) problems.push(`raw < in ${where}: ${text.slice(0, 40)}`);
    for (let i = text.indexOf('&'); i !== -1; i = text.indexOf('&', i + 1)) {
      entity.lastIndex = i;
      if (!entity.test(text)) problems.push(`bare & in ${where}: ${text.slice(i, i + 20)}`);
    }
  };
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = lt === -1 ? xml.slice(i) : xml.slice(i, lt);
    checkText(text, 'text');
    if (lt === -1) break;
    tag.lastIndex = lt;
    const m = tag.exec(xml);
    if (!m) {
      problems.push(`malformed tag at ${lt}: ${xml.slice(lt, lt + 40)}`);
      break;
    }
    const [, closing, name, attrs, selfClosing] = m;
    const seen = new Set<string>();
    for (const a of attrs!.matchAll(attr)) {
      if (seen.has(a[1]!)) problems.push(`duplicate attribute ${a[1]} on <${name}>`);
      seen.add(a[1]!);
      checkText(a[2]!, `attribute ${a[1]} of <${name}>`);
    }
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`);
    } else {
      elements.push(name!);
      if (!selfClosing) stack.push(name!);
    }
    i = tag.lastIndex;
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(' > ')}`);
  return { problems, elements };
}

/** Renders a hono/jsx element to its HTML string. */
export async function render(node: unknown): Promise<string> {
  return String(await node);
}
