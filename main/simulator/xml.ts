/**
 * Just enough XML for RunSignup's `format=xml` / `request_format=xml`: a strict parser for
 * element trees (no namespaces, attributes are skipped) and a writer for plain values.
 */
export interface XmlElement {
  name: string;
  children: XmlElement[];
  /** Concatenated character data directly inside this element (entities decoded). */
  text: string;
}

export class XmlSyntaxError extends Error {
  override readonly name = 'XmlSyntaxError';
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ent: string) => {
    if (ent[0] === '#') {
      const code =
        ent[1] === 'x' || ent[1] === 'X' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
      return String.fromCodePoint(code);
    }
    const named = ENTITIES[ent.toLowerCase()];
    if (named === undefined) throw new XmlSyntaxError(`Unknown entity ${whole}`);
    return named;
  });
}

/** Parses a document and returns its root element. Throws XmlSyntaxError. */
export function parseXml(source: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;

  const skipUntil = (end: string): void => {
    const at = source.indexOf(end, i);
    if (at < 0) throw new XmlSyntaxError(`Unterminated ${end}`);
    i = at + end.length;
  };

  while (i < source.length) {
    const lt = source.indexOf('<', i);
    const text = source.slice(i, lt < 0 ? source.length : lt);
    const top = stack[stack.length - 1];
    if (top) top.text += decodeEntities(text);
    else if (text.trim() !== '') throw new XmlSyntaxError('Text outside the root element');
    if (lt < 0) break;
    i = lt;
    if (source.startsWith('<?', i)) skipUntil('?>');
    else if (source.startsWith('<!--', i)) skipUntil('-->');
    else if (source.startsWith('<![CDATA[', i)) {
      const end = source.indexOf(']]>', i);
      if (end < 0 || !top) throw new XmlSyntaxError('Bad CDATA section');
      top.text += source.slice(i + 9, end);
      i = end + 3;
    } else if (source.startsWith('<!', i)) skipUntil('>');
    else if (source.startsWith('</', i)) {
      const m = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(source.slice(i, i + 200));
      const open = stack.pop();
      if (!m || !open || open.name !== m[1])
        throw new XmlSyntaxError(`Mismatched closing tag at ${i}`);
      i += m[0].length;
    } else {
      const m = /^<([A-Za-z_][\w.-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(
        source.slice(i, i + 1000),
      );
      if (!m) throw new XmlSyntaxError(`Bad tag at ${i}`);
      if (!top && root) throw new XmlSyntaxError('More than one root element');
      const el: XmlElement = { name: m[1] as string, children: [], text: '' };
      if (top) top.children.push(el);
      else root = el;
      if (m[3] !== '/') stack.push(el);
      i += m[0].length;
    }
  }
  if (stack.length > 0 || !root) throw new XmlSyntaxError('Unclosed element or empty document');
  return root;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The element name of one item of a list: `virtual_results` → `virtual_result`. */
export function singular(name: string): string {
  if (name.endsWith('ies')) return `${name.slice(0, -3)}y`;
  return name.endsWith('s') ? name.slice(0, -1) : name;
}

function write(name: string, value: unknown, out: string[]): void {
  if (value === null || value === undefined) {
    out.push(`<${name}></${name}>`);
  } else if (Array.isArray(value)) {
    out.push(`<${name}>`);
    for (const item of value) write(singular(name), item, out);
    out.push(`</${name}>`);
  } else if (typeof value === 'object') {
    out.push(`<${name}>`);
    for (const [k, v] of Object.entries(value)) write(k, v, out);
    out.push(`</${name}>`);
  } else {
    out.push(`<${name}>${escapeText(String(value))}</${name}>`);
  }
}

/** An XML document with one root element holding `value`. */
export function toXml(rootName: string, value: unknown): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  write(rootName, value, out);
  return out.join('') + '\n';
}
