import * as t from 'io-ts';

/** One field of a message, as the docs show it. */
export interface FieldDoc {
  name: string;
  type: string;
  required: boolean;
}

/** The fields of an object-like codec (type, partial, exact, intersections of them). */
export function fieldsOf(codec: t.Mixed): FieldDoc[] {
  if (codec instanceof t.ExactType || codec instanceof t.RefinementType) return fieldsOf(codec.type);
  if (codec instanceof t.InterfaceType) {
    return Object.entries(codec.props as Record<string, t.Mixed>).map(([name, type]) => ({ name, type: typeName(type), required: true }));
  }
  if (codec instanceof t.PartialType) {
    return Object.entries(codec.props as Record<string, t.Mixed>).map(([name, type]) => ({ name, type: typeName(type), required: false }));
  }
  if (codec instanceof t.IntersectionType) return (codec.types as t.Mixed[]).flatMap(fieldsOf);
  return [];
}

/** The value of a codec's literal `tag` field, if it has one. */
export function tagOf(codec: t.Mixed, tag = 'type'): string | undefined {
  const field = literalField(codec, tag);
  return field === undefined ? undefined : String(field);
}

function literalField(codec: t.Mixed, tag: string): unknown {
  if (codec instanceof t.ExactType || codec instanceof t.RefinementType) return literalField(codec.type, tag);
  if (codec instanceof t.InterfaceType || codec instanceof t.PartialType) {
    const prop = (codec.props as Record<string, t.Mixed>)[tag];
    return prop instanceof t.LiteralType ? prop.value : undefined;
  }
  if (codec instanceof t.IntersectionType) {
    for (const member of codec.types as t.Mixed[]) {
      const value = literalField(member, tag);
      if (value !== undefined) return value;
    }
  }
  return undefined;
}

/** A short, readable type name for docs. */
export function typeName(codec: t.Mixed): string {
  if (codec instanceof t.LiteralType) return JSON.stringify(codec.value);
  if (codec instanceof t.KeyofType) return Object.keys(codec.keys).map((k) => JSON.stringify(k)).join(' \\| ');
  if (codec instanceof t.UnionType) return (codec.types as t.Mixed[]).map(typeName).join(' \\| ');
  if (codec instanceof t.ArrayType) return `${typeName(codec.type)}[]`;
  if (codec instanceof t.InterfaceType || codec instanceof t.PartialType || codec instanceof t.IntersectionType) {
    return `{ ${fieldsOf(codec).map((f) => `${f.name}${f.required ? '' : '?'}: ${f.type}`).join(', ')} }`;
  }
  return codec.name.replace(/\|/g, '\\|');
}
