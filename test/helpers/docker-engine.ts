import {type ChildProcess, spawn, spawnSync} from 'node:child_process';
import {chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import path from 'node:path';

export const dockerd = '/usr/sbin/dockerd';
/** The client that matches Debian's engine; the first `docker` on PATH may be newer than the engine's API. */
export const dockerClient = '/usr/bin/docker';
export const busybox = ['/bin/busybox', '/usr/bin/busybox'].find(candidate => existsSync(candidate));

/** Why a real engine cannot run here, or undefined when it can be tried. */
export function engineUnavailable(): string | undefined {
	if (process.getuid?.() !== 0) return 'needs root to run dockerd';
	if (!existsSync(dockerd) || !existsSync(dockerClient)) return `needs Debian's docker.io (${dockerd}, ${dockerClient})`;
	if (!busybox) return 'needs busybox-static for a base image';
	return undefined;
}

/** A private Docker engine: its own data root, exec root, socket and pidfile under `work`, stopped by its PID. */
export type Engine = {work: string; dataRoot: string; socket: string; driver: string; process?: ChildProcess; log: string};

export function createEngine(driver: string): Engine {
	const work = mkdtempSync('/tmp/layerscope-engine-');
	return {work, dataRoot: path.join(work, 'data'), socket: path.join(work, 'docker.sock'), driver, log: path.join(work, 'dockerd.log')};
}

/** Whether this kernel lets us mount overlayfs (as on real hosts); where it does not, only vfs can run. */
export function overlayWorks(): boolean {
	const probe = mkdtempSync('/tmp/layerscope-overlay-probe-');
	for (const part of ['lower', 'upper', 'work', 'merged']) mkdirSync(path.join(probe, part), {recursive: true});
	const options = `lowerdir=${probe}/lower,upperdir=${probe}/upper,workdir=${probe}/work`;
	const mounted = spawnSync('mount', ['-t', 'overlay', 'overlay', '-o', options, `${probe}/merged`]).status === 0;
	if (mounted) spawnSync('umount', [`${probe}/merged`]);
	rmSync(probe, {recursive: true, force: true});
	return mounted;
}

export async function startEngine(engine: Engine): Promise<void> {
	const log = openSync(engine.log, 'a');
	engine.process = spawn(dockerd, [
		'--iptables=false', '--ip-masq=false', '--bridge=none', '--storage-driver', engine.driver,
		'--data-root', engine.dataRoot, '--exec-root', path.join(engine.work, 'exec'), '--pidfile', path.join(engine.work, 'docker.pid'),
		'-H', `unix://${engine.socket}`,
	], {stdio: ['ignore', log, log]});
	for (let attempt = 0; attempt < 120; attempt++) {
		if (engine.process.exitCode !== null) break;
		if (spawnSync(dockerClient, ['-H', `unix://${engine.socket}`, 'version'], {stdio: 'ignore'}).status === 0) return;
		await new Promise(resolve => setTimeout(resolve, 500));
	}

	await stopEngine(engine);
	throw new Error(`dockerd did not come up: ${readFileSync(engine.log, 'utf8').split('\n').slice(-5).join(' | ')}`);
}

/** SIGTERM to our own dockerd only, then the mounts it left under our directory, deepest first. */
export async function stopEngine(engine: Engine): Promise<void> {
	const child = engine.process;
	if (child && child.exitCode === null && child.signalCode === null) {
		const exited = new Promise(resolve => child.once('exit', resolve));
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
		await exited;
		clearTimeout(timer);
	}

	engine.process = undefined;
	const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map(line => line.split(' ')[1] ?? '').filter(mount => mount.startsWith(`${engine.work}/`));
	for (const mount of mounts.sort().reverse()) spawnSync('umount', ['-l', mount]);
}

export function removeEngine(engine: Engine): void {
	rmSync(engine.work, {recursive: true, force: true});
}

/** Runs the engine's own client; throws with its stderr when it fails. */
export function docker(engine: Engine, args: string[], options: {input?: Buffer; env?: Record<string, string>} = {}): string {
	const result = spawnSync(dockerClient, ['-H', `unix://${engine.socket}`, ...args], {
		input: options.input, env: {...process.env, ...options.env}, maxBuffer: 64 * 1024 * 1024, timeout: 120_000,
	});
	if (result.status !== 0) throw new Error(`docker ${args.join(' ')}: ${result.stderr.toString().trim()}`);
	return result.stdout.toString();
}

/** An Engine API request over the private socket; the JSON answer. */
export async function engineApi(engine: Engine, method: string, apiPath: string): Promise<unknown> {
	return new Promise((resolve, reject) => {
		const request = http.request({socketPath: engine.socket, path: apiPath, method, headers: {host: 'docker'}}, response => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				if ((response.statusCode ?? 500) >= 400) reject(new Error(`${method} ${apiPath}: ${response.statusCode} ${text}`));
				else resolve(JSON.parse(text) as unknown);
			});
		});
		request.on('error', reject);
		request.end();
	});
}

/** A tar of a tiny root filesystem: busybox-static, its applets as symlinks, passwd and group. */
export function busyboxRootfsTar(work: string): Buffer {
	const root = path.join(work, 'rootfs');
	for (const directory of ['bin', 'etc', 'root', 'tmp', 'proc', 'sys', 'dev']) mkdirSync(path.join(root, directory), {recursive: true});
	cpSync(busybox!, path.join(root, 'bin/busybox'));
	const applets = spawnSync(busybox!, ['--list']).stdout.toString().split('\n').filter(Boolean);
	for (const applet of applets) if (!existsSync(path.join(root, 'bin', applet))) symlinkSync('busybox', path.join(root, 'bin', applet));
	writeFileSync(path.join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
	writeFileSync(path.join(root, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
	chmodSync(path.join(root, 'tmp'), 0o1777);
	const tar = spawnSync('tar', ['--numeric-owner', '--sort=name', '-C', root, '-c', '.'], {maxBuffer: 64 * 1024 * 1024});
	rmSync(root, {recursive: true, force: true});
	return tar.stdout;
}
