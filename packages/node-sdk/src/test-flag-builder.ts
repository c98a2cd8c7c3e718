/**
 * Builds flags for TestData in LaunchDarkly's JSON. A variation is given by index, or, for a
 * boolean flag, by `true` / `false`.
 */
import type { JsonValue } from '@switchyard/engine';

type Variation = number | boolean;

interface Clause {
  readonly contextKind: string;
  readonly attribute: string;
  readonly op: 'in';
  readonly values: readonly JsonValue[];
  readonly negate: boolean;
}

interface Rule {
  readonly id: string;
  readonly clauses: readonly Clause[];
  readonly variation: number;
}

export class FlagBuilder {
  private isOn = true;
  private variationValues: JsonValue[] = [];
  private offIndex: number | undefined;
  private fallthroughIndex: number | undefined;
  /** Context kind to variation index to keys. */
  private targets = new Map<string, Map<number, Set<string>>>();
  private rules: Rule[] = [];

  constructor(readonly key: string) {}

  copy(): FlagBuilder {
    const next = new FlagBuilder(this.key);
    next.isOn = this.isOn;
    next.variationValues = [...this.variationValues];
    next.offIndex = this.offIndex;
    next.fallthroughIndex = this.fallthroughIndex;
    next.targets = new Map(
      [...this.targets].map(([kind, byVar]) => [
        kind,
        new Map([...byVar].map(([v, keys]) => [v, new Set(keys)])),
      ]),
    );
    next.rules = [...this.rules];
    return next;
  }

  /** Variations `[true, false]`, on serving true, off serving false. */
  booleanFlag(): this {
    if (this.isBoolean()) return this;
    this.variationValues = [true, false];
    this.fallthroughIndex = 0;
    this.offIndex = 1;
    return this;
  }

  variations(...values: JsonValue[]): this {
    this.variationValues = [...values];
    return this;
  }

  on(on: boolean): this {
    this.isOn = on;
    return this;
  }

  fallthroughVariation(variation: Variation): this {
    this.fallthroughIndex = this.index(variation);
    return this;
  }

  offVariation(variation: Variation): this {
    this.offIndex = this.index(variation);
    return this;
  }

  /** Every context gets `variation`: on, no targets or rules, served by the fallthrough. */
  variationForAll(variation: Variation): this {
    this.isOn = true;
    this.targets.clear();
    this.rules = [];
    return this.fallthroughVariation(variation);
  }

  /** The context of `contextKind` with `key` gets `variation` (and leaves any other target). */
  variationForKey(contextKind: string, key: string, variation: Variation): this {
    const index = this.index(variation);
    const byVariation = this.targets.get(contextKind) ?? new Map<number, Set<string>>();
    for (const keys of byVariation.values()) keys.delete(key);
    byVariation.set(index, (byVariation.get(index) ?? new Set()).add(key));
    this.targets.set(contextKind, byVariation);
    return this;
  }

  /** A rule: `ifMatch('user', 'country', 'de', 'at').andMatch(...).thenReturn(true)`. */
  ifMatch(contextKind: string, attribute: string, ...values: JsonValue[]): RuleBuilder {
    return new RuleBuilder(this, [{ contextKind, attribute, op: 'in', values, negate: false }]);
  }

  ifNotMatch(contextKind: string, attribute: string, ...values: JsonValue[]): RuleBuilder {
    return new RuleBuilder(this, [{ contextKind, attribute, op: 'in', values, negate: true }]);
  }

  /** @internal Called by RuleBuilder. */
  addRule(clauses: readonly Clause[], variation: Variation): this {
    this.rules.push({ id: `rule${this.rules.length}`, clauses, variation: this.index(variation) });
    return this;
  }

  build(version: number): Record<string, unknown> & { key: string } {
    const targets: { values: string[]; variation: number }[] = [];
    const contextTargets: { contextKind: string; values: string[]; variation: number }[] = [];
    for (const [contextKind, byVariation] of this.targets) {
      for (const [variation, keys] of byVariation) {
        if (keys.size === 0) continue;
        if (contextKind === 'user') {
          targets.push({ values: [...keys], variation });
          contextTargets.push({ contextKind, values: [], variation });
        } else contextTargets.push({ contextKind, values: [...keys], variation });
      }
    }
    return {
      key: this.key,
      version,
      on: this.isOn,
      variations: this.variationValues,
      ...(this.offIndex === undefined ? {} : { offVariation: this.offIndex }),
      fallthrough: { variation: this.fallthroughIndex ?? 0 },
      targets,
      contextTargets,
      rules: this.rules,
      prerequisites: [],
      salt: this.key,
      trackEvents: false,
      clientSideAvailability: { usingEnvironmentId: false, usingMobileKey: false },
    };
  }

  private isBoolean(): boolean {
    return (
      this.variationValues.length === 2 &&
      this.variationValues[0] === true &&
      this.variationValues[1] === false
    );
  }

  private index(variation: Variation): number {
    if (typeof variation === 'number') return variation;
    this.booleanFlag();
    return variation ? 0 : 1;
  }
}

export class RuleBuilder {
  constructor(
    private readonly flag: FlagBuilder,
    private readonly clauses: Clause[],
  ) {}

  andMatch(contextKind: string, attribute: string, ...values: JsonValue[]): this {
    this.clauses.push({ contextKind, attribute, op: 'in', values, negate: false });
    return this;
  }

  andNotMatch(contextKind: string, attribute: string, ...values: JsonValue[]): this {
    this.clauses.push({ contextKind, attribute, op: 'in', values, negate: true });
    return this;
  }

  thenReturn(variation: Variation): FlagBuilder {
    return this.flag.addRule(this.clauses, variation);
  }
}
