import { S3Error } from './errors.js';

/** The XML as S3 sends it: a declaration, then the document in S3's namespace. */
export const NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what gets referenced
const NEEDS_ESCAPE = /[&<>"']|[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

/**
 * Text as XML character data. Characters XML 1.0 cannot carry at all (most control characters)
 * become numeric references, as S3 writes them.
 */
export function escapeXml(text: string): string {
  return text.replace(NEEDS_ESCAPE, (c) => ESCAPES[c] ?? `&#x${(c.codePointAt(0) ?? 0).toString(16)};`);
}

/** An element, or a list of them: `{Key: 'a', Size: 3}` → `<Key>a</Key><Size>3</Size>`. */
export type Node = string | number | boolean | null | undefined | Tree | Tree[];
interface Tree {
  [name: string]: Node;
}

function render(tree: Tree): string {
  let out = '';
  for (const [name, value] of Object.entries(tree)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) out += `<${name}>${render(item)}</${name}>`;
    } else if (typeof value === 'object') {
      out += `<${name}>${render(value)}</${name}>`;
    } else {
      out += `<${name}>${escapeXml(String(value))}</${name}>`;
    }
  }
  return out;
}

/** A whole response document with root element `root`. */
export function document(root: string, tree: Tree, namespaced = true): string {
  const ns = namespaced ? ` xmlns="${NAMESPACE}"` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${ns}>${render(tree)}</${root}>`;
}

/** Character data back to text: the five entities and numeric references; anything else is malformed. */
export function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);|&/gi, (whole, ref: string | undefined) => {
    if (ref === undefined) throw malformed();
    if (ref[0] === '#') {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      if (!Number.isInteger(code) || code > 0x10ffff) throw malformed();
      return String.fromCodePoint(code);
    }
    const named = Object.entries(ESCAPES).find(([, entity]) => entity === whole.toLowerCase());
    if (!named) throw malformed();
    return named[0];
  });
}

const malformed = () =>
  new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate.');

/** The text of every `<name>…</name>` directly inside `xml`, unescaped, in order. */
export function elements(xml: string, name: string): string[] {
  const out: string[] = [];
  const pattern = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`, 'g');
  for (const match of xml.matchAll(pattern)) out.push(match[1] ?? '');
  return out;
}

/** The one `<name>` value inside `xml`, unescaped; undefined when absent. */
export function value(xml: string, name: string): string | undefined {
  const [found] = elements(xml, name);
  return found === undefined ? undefined : unescapeXml(found);
}

/** The parts named by a CompleteMultipartUpload body. */
export function completedParts(xml: string): { partNumber: number; etag: string }[] {
  if (!/<CompleteMultipartUpload[\s>]/.test(xml)) throw malformed();
  return elements(xml, 'Part').map((part) => {
    const partNumber = Number(value(part, 'PartNumber'));
    const etag = value(part, 'ETag');
    if (!Number.isInteger(partNumber) || etag === undefined) throw malformed();
    return { partNumber, etag };
  });
}

/** The keys and the Quiet flag of a DeleteObjects body. */
export function deleteRequest(xml: string): { keys: string[]; quiet: boolean } {
  if (!/<Delete[\s>]/.test(xml)) throw malformed();
  const keys = elements(xml, 'Object').map((object) => {
    const key = value(object, 'Key');
    if (key === undefined) throw malformed();
    return key;
  });
  if (keys.length === 0 || keys.length > 1000) throw malformed();
  return { keys, quiet: value(xml, 'Quiet')?.trim().toLowerCase() === 'true' };
}
