import {type ChildProcess, spawn} from 'node:child_process';
import {existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type DiskReport} from '../../source/analysis/disk-report.js';
import {runCliAsync} from '../helpers/cli.js';
import {unpackContainerdRoot} from '../helpers/containerd-root.js';

/**
 * Docker 26 with the containerd image store, on a copy of the committed root, while layerscope reads it. Debian 12
 * ships Docker 20.10, which has no containerd store, so the engine runs from a Debian trixie chroot
 * (LAYERSCOPE_TRIXIE, as test/fixtures/make-containerd-root.sh makes one); without one the test is skipped.
 */
const trixie = process.env['LAYERSCOPE_TRIXIE'] ?? '/tmp/lab/corpus-build/cache/trixie';
const unavailable = process.getuid?.() !== 0 ? 'needs root to run dockerd'
	: existsSync(`${trixie}/usr/sbin/dockerd`) ? undefined : `needs a Debian trixie chroot with Docker 26 at ${trixie} (LAYERSCOPE_TRIXIE)`;
if (unavailable) console.warn(`skipping the live Docker 26 containerd-store tests: ${unavailable}`);

const name = `layerscope-test-${process.pid}`;
const dataRoot = `${trixie}/var/lib/${name}`;
const socket = `${trixie}/run/${name}.sock`;
let engine: ChildProcess | undefined;

function api<T>(method: string, route: string): Promise<T> {
	return new Promise((resolve, reject) => {
		const request = http.request({socketPath: socket, path: `/v1.45${route}`, method}, response => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => {
				const body = Buffer.concat(chunks).toString('utf8');
				if ((response.statusCode ?? 500) >= 300) reject(new Error(`${method} ${route}: ${response.statusCode} ${body}`));
				else resolve((response.headers['content-type']?.includes('json') ? JSON.parse(body) : body) as T);
			});
		});
		request.on('error', reject);
		request.end();
	});
}

beforeAll(async () => {
	if (unavailable) return;
	const unpacked = unpackContainerdRoot();
	renameSync(unpacked, dataRoot);
	mkdirSync(`${trixie}/etc/docker`, {recursive: true});
	writeFileSync(`${trixie}/etc/docker/${name}.json`, '{"features":{"containerd-snapshotter":true}}\n');
	const log = openSync(`${dataRoot}.log`, 'a');
	// A private mount namespace: the chroot's mounts and the engine's go away with it. exec keeps one PID throughout.
	engine = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', [
		`mount --rbind '${trixie}' '${trixie}'`, `mount -t proc proc '${trixie}/proc'`, `mount --rbind /sys '${trixie}/sys'`,
		`mount --rbind /dev '${trixie}/dev'`,
		`exec chroot '${trixie}' dockerd --iptables=false --ip-masq=false --bridge=none --config-file /etc/docker/${name}.json --data-root /var/lib/${name} --exec-root /run/${name} --pidfile /run/${name}.pid -H unix:///run/${name}.sock`,
	].join(' && ')], {stdio: ['ignore', log, log]});
	for (let attempt = 0; attempt < 120; attempt++) {
		if (existsSync(socket) && await api('GET', '/_ping').then(() => true, () => false)) return;
		await new Promise(resolve => setTimeout(resolve, 500));
	}

	throw new Error(`Docker 26 did not come up: ${readFileSync(`${dataRoot}.log`, 'utf8').split('\n').slice(-5).join(' | ')}`);
}, 120_000);

afterAll(async () => {
	if (engine && engine.exitCode === null) {
		const exited = new Promise(resolve => engine!.once('exit', resolve));
		engine.kill('SIGTERM');
		const timer = setTimeout(() => engine!.kill('SIGKILL'), 30_000);
		await exited;
		clearTimeout(timer);
	}

	for (const leftover of [dataRoot, `${dataRoot}.log`, `${trixie}/etc/docker/${name}.json`, `${trixie}/run/${name}`, socket, `${trixie}/run/${name}.pid`]) {
		rmSync(leftover, {recursive: true, force: true});
	}
}, 60_000);

type ApiDf = {LayersSize: number; Images: Array<{Id: string; Size: number; SharedSize: number; Containers: number}>};

describe.skipIf(unavailable !== undefined)('a live Docker 26 engine with the containerd image store', () => {
	it('agrees with the running engine on every image and on LayersSize, and says the engine is running', async () => {
		// The first answers after a start can undercount LayersSize, and the collector may still be removing what
		// BuildKit's expired leases held (fixtures/roots/README.md): wait until the engine gives the same twice.
		const settled = async () => {
			let last = await api<ApiDf>('GET', '/system/df');
			for (let attempt = 0; attempt < 20; attempt++) {
				await new Promise(resolve => setTimeout(resolve, 500));
				const again = await api<ApiDf>('GET', '/system/df');
				if (JSON.stringify(again) === JSON.stringify(last)) return again;
				last = again;
			}

			return last;
		};

		const engineDf = await settled();
		const result = await runCliAsync(['--root', dataRoot, '--json', '-']);
		expect(result.code).toBe(0);
		const report = JSON.parse(result.stdout) as DiskReport;
		expect(report.warnings).toEqual([expect.stringMatching(new RegExp(`dockerd \\(pid ${engine!.pid}\\) is running on this root`))]);
		expect(report.roots[0]!.summary.images.sizeBytes).toBe(engineDf.LayersSize);
		for (const image of engineDf.Images) {
			expect(report.images.find(candidate => candidate.id === image.Id)).toMatchObject({sizeBytes: image.Size, sharedSizeBytes: image.SharedSize, containers: image.Containers});
		}
	}, 60_000);

	it('reads meta.db while the engine holds its lock and rewrites it, every time', async () => {
		let churning = true;
		const churn = (async () => {
			for (let round = 0; churning && round < 200; round++) {
				await api('POST', `/images/lab/base:1/tag?repo=lab/churn&tag=${round}`);
				await api('DELETE', `/images/lab/churn:${round}`);
			}
		})();
		const reads = [];
		for (let read = 0; read < 12; read++) reads.push(await runCliAsync(['--root', dataRoot, '--json', '-']));
		churning = false;
		await churn;
		expect(reads.map(read => read.code)).toEqual(reads.map(() => 0));
		expect(reads.every(read => (JSON.parse(read.stdout) as DiskReport).images.some(image => image.repoTags.includes('lab/waste:1')))).toBe(true);
	}, 120_000);
});
