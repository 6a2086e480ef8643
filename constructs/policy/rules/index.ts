import { PolicyRule } from '../model';
import { CERTIFICATES_RULES } from './certificates';
import { IDENTITY_RULES } from './identity';
import { KEYS_RULES } from './keys';
import { KUBERNETES_RULES } from './kubernetes';
import { LISTENERS_RULES } from './listeners';

/** The rules, in id order. Ids are public: waivers and SARIF results name them. */
export const RULES: readonly PolicyRule[] = [...LISTENERS_RULES, ...KEYS_RULES, ...CERTIFICATES_RULES, ...IDENTITY_RULES, ...KUBERNETES_RULES]
  .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** A rule by id. */
export function ruleById(id: string): PolicyRule | undefined {
  return RULES.find((r) => r.id === id);
}
