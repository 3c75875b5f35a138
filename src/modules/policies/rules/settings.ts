// Reading and checking a policy's settings (POL-1). Pure: no I/O, no clock.
import {
  SETTING_KEYS,
  defaultSettings,
  settingDefinition,
  type PolicySettings,
  type SettingDefinition,
  type SettingKey,
  type SettingValue,
} from '../model/settings.ts';

export interface SettingError {
  key: SettingKey;
  message: string;
}

export type SettingsResult = { ok: true; settings: PolicySettings } | { ok: false; errors: SettingError[] };

/** Minimums a trust sets for its schools, e.g. { minimumOperators: 2 }. Only whole-number settings take one. */
export type TrustFloors = Partial<Record<SettingKey, number>>;

const YES: ReadonlySet<string> = new Set(['yes', 'true', 'on', '1']);
const NO: ReadonlySet<string> = new Set(['no', 'false', 'off', '0']);

const SINGULAR_UNITS: Readonly<Record<string, string>> = {
  hours: 'hour',
  people: 'person',
  months: 'month',
  'years old': 'year old',
  days: 'day',
};

/** "24 hours", "1 hour", "2 people", "18 years old". */
export function formatQuantity(n: number, unit: string): string {
  return `${n} ${n === 1 ? (SINGULAR_UNITS[unit] ?? unit) : unit}`;
}

export function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Checks settings from a form (strings) or from code (values). A key that is absent keeps its
 * default; keys that are not settings (a CSRF token, say) are ignored. Trust floors are checked
 * against the result, so a default below the trust's minimum is refused too.
 */
export function validateSettings(input: Record<string, unknown>, floors: TrustFloors = {}): SettingsResult {
  const settings: Record<string, SettingValue> = defaultSettings();
  const errors: SettingError[] = [];
  for (const key of SETTING_KEYS) {
    const def = settingDefinition(key);
    const raw = input[key];
    if (raw !== undefined) {
      const read = readSetting(def, raw);
      if (typeof read === 'object' && 'error' in read) {
        errors.push({ key, message: read.error });
        continue;
      }
      settings[key] = read;
    }
    const floor = floors[key];
    const value = settings[key];
    if (def.type === 'integer' && floor !== undefined && typeof value === 'number' && value < floor) {
      const message =
        def.floorMessage?.replace('{n}', String(floor)) ??
        `The trust requires the ${def.name} to be at least ${formatQuantity(floor, def.unit)}`;
      errors.push({ key, message });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, settings: settings as PolicySettings };
}

type Read = SettingValue | { error: string };

function readSetting(def: SettingDefinition, raw: unknown): Read {
  const name = upperFirst(def.name);
  switch (def.type) {
    case 'integer': {
      const text = typeof raw === 'string' ? raw.trim() : raw;
      if (text === '') return { error: `Enter the ${def.name}` };
      const n =
        typeof text === 'number' ? text : typeof text === 'string' && /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
      if (!Number.isInteger(n)) return { error: `${name} must be a whole number` };
      if (n < def.min || n > def.max)
        return { error: `${name} must be between ${def.min} and ${formatQuantity(def.max, def.unit)}` };
      return n;
    }
    case 'choice': {
      const text = typeof raw === 'string' ? raw.trim() : undefined;
      return def.options.some((o) => o.value === text) ? text! : { error: `Select ${def.name}` };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      const text = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
      if (text !== undefined && YES.has(text)) return true;
      if (text !== undefined && NO.has(text)) return false;
      return { error: `Select ${def.name}` };
    }
    case 'text': {
      if (typeof raw !== 'string') return { error: `${name} must be text` };
      const text = raw.trim();
      if (text === '' && !def.optional) return { error: `Enter the ${def.name}` };
      if (text.length > def.maxLength) return { error: `${name} must be ${def.maxLength} characters or fewer` };
      return text;
    }
    case 'people': {
      const items = typeof raw === 'string' ? raw.split(/[\n,]/) : raw;
      if (!Array.isArray(items) || !items.every((item) => typeof item === 'string'))
        return { error: `${name} must be a list of people` };
      return [...new Set(items.map((item) => item.trim()).filter((item) => item !== ''))];
    }
  }
}

/** A setting's value as a person reads it: the choice's wording, Yes/No, "24 hours", "Not set". */
export function describeSetting(key: SettingKey, value: SettingValue): string {
  const def = settingDefinition(key);
  switch (def.type) {
    case 'choice':
      return def.options.find((o) => o.value === value)?.text ?? String(value);
    case 'boolean':
      return value ? 'Yes' : 'No';
    case 'integer':
      return typeof value === 'number' ? formatQuantity(value, def.unit) : String(value);
    case 'text':
      return value === '' ? 'Not set' : String(value);
    case 'people':
      return Array.isArray(value) && value.length > 0 ? value.join(', ') : 'Nobody named';
  }
}
