import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';

export const templateNames = [
  'order-paid',
  'order-not-charged',
  'order-refunded',
  'ticket-reissued',
  'ticket-transferred',
  'ticket-transfer-offered',
  'drop-reminder',
] as const;
export type TemplateName = (typeof templateNames)[number];

export interface RenderedMail {
  html: string;
  text: string;
}

export type Renderer = (name: TemplateName, context: Record<string, unknown>) => RenderedMail;

const templateFile = (file: string) => readFileSync(new URL(`./templates/${file}`, import.meta.url), 'utf8');

/**
 * Compiles every template once at start, so a broken template stops the
 * process at boot instead of parking every message of its kind. HTML
 * templates escape what they print; text templates print it as it is.
 */
export function createRenderer(): Renderer {
  const html = Handlebars.create();
  html.registerPartial('layout', templateFile('layout.html.hbs'));
  const text = Handlebars.create();
  text.registerPartial('footer', templateFile('footer.text.hbs'));
  const compiled = new Map(
    templateNames.map((name) => [
      name,
      {
        html: html.compile(templateFile(`${name}.html.hbs`), { strict: true }),
        text: text.compile(templateFile(`${name}.text.hbs`), { strict: true, noEscape: true }),
      },
    ]),
  );
  return (name, context) => {
    const template = compiled.get(name);
    if (!template) throw new Error(`no template ${name}`);
    return { html: template.html(context), text: template.text(context) };
  };
}
