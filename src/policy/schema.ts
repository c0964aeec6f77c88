import { z } from 'zod';

/**
 * The operator's policy file: rules tried in order, the first whose tools, `when` (arguments) and
 * `target` (the target's fields) all hold decides. The JSON Schema in docs/policy.schema.json is
 * generated from this schema (`npm run docs`), so editors complete and check the file.
 */

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const conditionSchema = z
  .strictObject({
    in: z.array(scalar).min(1).optional().describe('The field equals one of these values.'),
    notIn: z
      .array(scalar)
      .min(1)
      .optional()
      .describe('The field is present and equals none of these values.'),
    min: z.number().optional().describe('The field is a number at least this large.'),
    max: z.number().optional().describe('The field is a number at most this large.'),
    pattern: z
      .string()
      .min(1)
      .refine(isRegExp, 'must be a valid regular expression')
      .optional()
      .describe('The field is a string this regular expression finds (a full match is not required).'),
  })
  .refine((c) => Object.keys(c).length > 0, 'a condition needs at least one of in, notIn, min, max, pattern')
  .describe('Every test given must hold; a condition on a missing field does not hold.');

const conditions = z.record(
  z.string().min(1).describe('A field name; `a.b` reaches into nested objects.'),
  conditionSchema,
);

export const ruleSchema = z
  .strictObject({
    tools: z
      .array(
        z
          .string()
          .regex(/^[a-z0-9_*]+$/, 'a tool name or a `*` glob (lower case letters, digits, `_`, `*`)')
          .describe('An exact tool name, or a glob where `*` stands for any run of characters.'),
      )
      .min(1)
      .describe('The tools this rule is about.'),
    effect: z
      .enum(['allow', 'ask', 'deny'])
      .describe(
        '`allow`: no confirmation (spend cap, read-only mode and validation still apply); `ask`: a confirmation is required, even with `--confirm off`; `deny`: refused, no token overrides it.',
      ),
    when: conditions.optional().describe('Conditions on the call’s arguments.'),
    target: conditions
      .optional()
      .describe('Conditions on the fields of the thing the call changes, fetched before deciding.'),
    reason: z
      .string()
      .max(500)
      .optional()
      .describe('Shown with a denial or a confirmation this rule asks for.'),
  })
  .describe('One rule. All of its conditions must hold for it to match.');

export const policySchema = z
  .strictObject({
    $schema: z.string().optional().describe('The JSON Schema this file follows, for editors.'),
    rules: z.array(ruleSchema).max(1000).describe('Tried in order; the first rule that matches decides.'),
  })
  .describe('paperspace-mcp policy: which tool calls are allowed, need a person, or are refused.');

export type Condition = z.infer<typeof conditionSchema>;
export type Rule = z.infer<typeof ruleSchema>;
export type Policy = z.infer<typeof policySchema>;

function isRegExp(source: string): boolean {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}
