import {existsSync} from 'node:fs';
import http, {type IncomingMessage} from 'node:http';
import {UserError} from '../../errors.js';

/** A Docker engine reachable over a unix socket, with the API version both sides speak. */
export type Engine = {socket: string; apiVersion: string};

/** The engine's socket: `DOCKER_HOST` (unix:// only) or `/var/run/docker.sock`, when it exists. */
export function engineSocket(environment = process.env): string | undefined {
	const host = environment['DOCKER_HOST'];
	if (host && !host.startsWith('unix://')) throw new UserError(`DOCKER_HOST=${host}: only unix:// sockets are supported; use --tar with a docker save archive`);
	const socket = host ? host.slice('unix://'.length) : '/var/run/docker.sock';
	return existsSync(socket) ? socket : undefined;
}

function request(socket: string, path: string): Promise<IncomingMessage> {
	return new Promise((resolve, reject) => {
		const outgoing = http.get({socketPath: socket, path, headers: {host: 'api.moby.localhost'}}, resolve);
		outgoing.on('error', error => {
			const code = (error as NodeJS.ErrnoException).code;
			reject(code === 'EACCES'
				? new UserError(`${socket}: permission denied; run layerscope as root (sudo) or as a member of the docker group`)
				: new UserError(`${socket}: cannot reach the Docker engine (${code ?? error.message})`));
		});
	});
}

async function bodyOf(response: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of response) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

/** `GET /_ping`: the daemon's own API version, which it always accepts (docs/formats.md §7). */
export async function connectEngine(socket: string): Promise<Engine> {
	const response = await request(socket, '/_ping');
	await bodyOf(response);
	const apiVersion = response.headers['api-version'];
	if (typeof apiVersion !== 'string' || !/^\d+\.\d+$/.test(apiVersion)) throw new UserError(`${socket}: not a Docker engine (no Api-Version in its /_ping answer)`);
	return {socket, apiVersion};
}

/** `GET /images/{name}/get`: the `docker save` stream of one image. */
export async function saveImage(engine: Engine, name: string): Promise<IncomingMessage> {
	const response = await request(engine.socket, `/v${engine.apiVersion}/images/${encodeURIComponent(name)}/get`);
	if (response.statusCode === 200) return response;
	const text = await bodyOf(response);
	let message = text.trim();
	try {
		message = (JSON.parse(text) as {message?: string}).message ?? message;
	} catch {}

	throw new UserError(`the Docker engine at ${engine.socket} cannot save ${name}: ${message}`);
}
