/**
 * YAML text of plain JSON data, block style. Strings are double-quoted with JSON's escapes
 * (valid YAML), so no value can be read back as another type ("yes", "1.0", "null"), except
 * multi-line prose, written as a literal block.
 */
const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_.$-]*$/;

const scalar = (value: unknown): string => {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
};
const key = (k: string) => (PLAIN_KEY.test(k) && !['true', 'false', 'null', 'yes', 'no', 'on', 'off', 'y', 'n'].includes(k.toLowerCase()) ? k : JSON.stringify(k));
const isEmpty = (value: unknown) => (Array.isArray(value) ? value.length === 0 : typeof value === 'object' && value !== null && Object.keys(value).length === 0);

function lines(value: unknown, indent: string): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      if (typeof item !== 'object' || item === null || isEmpty(item)) return [`${indent}- ${isEmpty(item) ? (Array.isArray(item) ? '[]' : '{}') : scalar(item)}`];
      const [first, ...rest] = lines(item, `${indent}  `);
      return [`${indent}- ${first.trimStart()}`, ...rest];
    });
  }
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
    // Prose (descriptions) reads better as a literal block; one that a block cannot hold exactly stays quoted.
    if (typeof v === 'string' && v.includes('\n') && !/[\r\t]|^\s| \n|\s$/.test(v)) {
      return [`${indent}${key(k)}: |-`, ...v.split('\n').map((line) => (line ? `${indent}  ${line}` : ''))];
    }
    if (typeof v !== 'object' || v === null) return [`${indent}${key(k)}: ${scalar(v)}`];
    if (isEmpty(v)) return [`${indent}${key(k)}: ${Array.isArray(v) ? '[]' : '{}'}`];
    return [`${indent}${key(k)}:`, ...lines(v, `${indent}  `)];
  });
}

export function toYaml(value: Record<string, unknown>): string {
  return `${lines(value, '').join('\n')}\n`;
}
