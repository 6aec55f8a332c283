import {readFileSync} from 'node:fs';
import path from 'node:path';
import AjvModule from 'ajv';
import {projectRoot} from './cli.js';

// ajv is CommonJS: under nodenext the default import is its module.exports, whose `default` is the Ajv class.
const Ajv = AjvModule.default;

function validatorFor(file: string) {
	const schema: unknown = JSON.parse(readFileSync(path.join(projectRoot, 'schema', file), 'utf8'));
	const validate = new Ajv({allErrors: true}).compile(schema as object);
	return (document: unknown): unknown[] => {
		validate(document);
		return validate.errors ?? [];
	};
}

/** The schema's complaints about a disk report (`--root --json` without an image), none when it is valid. */
export const diskReportErrors = validatorFor('disk-report.schema.json');

/** The schema's complaints about an image report (`--json` of one image), none when it is valid. */
export const imageReportErrors = validatorFor('report.schema.json');
