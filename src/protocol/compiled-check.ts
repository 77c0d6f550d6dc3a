import * as t from 'io-ts';

type Check = (u: unknown) => boolean;

const compiled = new WeakMap<t.Mixed, Check>();

/**
 * `codec.is`, answering exactly as io-ts does, without what io-ts allocates per call: its
 * intersections and unions build a closure for `every`/`some` on each check, and a struct
 * that holds one pays it on every frame (an `input_command`'s data is an intersection).
 * Compiled once per codec; combinators it does not know keep their own `is`.
 */
export function compiledCheck(codec: t.Mixed): Check {
  let check = compiled.get(codec);
  if (check === undefined) compiled.set(codec, (check = compile(codec)));
  return check;
}

function compile(codec: t.Mixed): Check {
  if (codec instanceof t.IntersectionType) {
    const parts = (codec.types as t.Mixed[]).map(compiledCheck);
    return (u) => {
      for (let i = 0; i < parts.length; i++) if (!parts[i](u)) return false;
      return true;
    };
  }
  if (codec instanceof t.UnionType) {
    const parts = (codec.types as t.Mixed[]).map(compiledCheck);
    return (u) => {
      for (let i = 0; i < parts.length; i++) if (parts[i](u)) return true;
      return false;
    };
  }
  if (codec instanceof t.InterfaceType || codec instanceof t.PartialType) {
    const props = codec.props as Record<string, t.Mixed>;
    const keys = Object.keys(props);
    const parts = keys.map((key) => compiledCheck(props[key]));
    const required = codec instanceof t.InterfaceType;
    return (u) => {
      if (!t.UnknownRecord.is(u)) return false;
      for (let i = 0; i < keys.length; i++) {
        const value = (u as Record<string, unknown>)[keys[i]];
        if (value === undefined) {
          if (!required) continue;
          if (!Object.prototype.hasOwnProperty.call(u, keys[i])) return false;
        }
        if (!parts[i](value)) return false;
      }
      return true;
    };
  }
  if (codec instanceof t.RefinementType) {
    const inner = compiledCheck(codec.type as t.Mixed);
    const predicate = codec.predicate as (u: unknown) => boolean;
    return (u) => inner(u) && predicate(u);
  }
  if (codec instanceof t.ArrayType || codec instanceof t.ReadonlyArrayType) {
    const item = compiledCheck(codec.type as t.Mixed);
    return (u) => Array.isArray(u) && u.every(item);
  }
  if (codec instanceof t.ReadonlyType) return compiledCheck(codec.type as t.Mixed);
  return codec.is.bind(codec);
}
