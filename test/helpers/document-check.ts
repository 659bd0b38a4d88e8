import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * Checks values against the schemas of a dereferenced OpenAPI 3.1 document with an independent
 * JSON Schema 2020-12 validator, formats included.
 */
export class DocumentCheck {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: true });

  constructor(private readonly api: any) {
    addFormats(this.ajv);
    // OpenAPI's annotation for tools; `oneOf` alone decides what is valid.
    this.ajv.addKeyword('discriminator');
  }

  /** The problems of `value` against `schema`, one line each; empty when it is valid. */
  problems(schema: object, value: unknown): string[] {
    const validate = this.ajv.compile(schema);
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`);
  }

  /**
   * What is wrong with an answer the server gave, measured by the document: its status is not
   * documented for the operation, or its body does not match the documented schema.
   */
  answerProblems(
    method: string,
    path: string,
    answer: { status: number; body: unknown },
  ): string[] {
    const where = `${method.toUpperCase()} ${path} ${answer.status}`;
    const operation = this.api.paths[path]?.[method];
    if (operation === undefined) return [`${method.toUpperCase()} ${path} is not documented`];
    const response = operation.responses[String(answer.status)];
    if (response === undefined) return [`${where} is not documented`];
    const schema = response.content?.['application/json']?.schema;
    if (schema === undefined) {
      return answer.body === undefined ? [] : [`${where} has a body the document does not name`];
    }
    return this.problems(schema, answer.body).map((problem) => `${where}: ${problem}`);
  }
}
