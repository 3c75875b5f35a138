/**
 * Counts the faces in a photo (PUB-4), so a photo with more faces than tagged pupils can be flagged.
 *
 * The detector is face-api's SSD MobileNet v1, whose weights ship inside the npm package
 * (`@vladmandic/face-api/model`), run by TensorFlow.js on its WebAssembly backend, whose .wasm file
 * ships inside `@tensorflow/tfjs-backend-wasm`. Nothing is fetched at run time. It is loaded on first
 * use and then kept; detections run one at a time (the machine is small). About 0.35 s per photo on
 * two cores; the pure-JavaScript backend took about 11 s and is not used.
 *
 * The count is a hint, never proof: it finds adults as well as pupils and can miss small, turned or
 * covered faces. If the detector cannot start, countFaces says so and the uploader's own count of
 * the pupils visible is used instead (see rules.ts).
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import type * as Tf from '@tensorflow/tfjs';
import type * as TfWasm from '@tensorflow/tfjs-backend-wasm';
import type * as FaceApi from '@vladmandic/face-api/dist/face-api.node-wasm.js';

export type FaceCount = { available: true; faces: number; ms: number } | { available: false; reason: string };

/** Faces scored below this are not counted (face-api's own default). */
const MIN_CONFIDENCE = 0.5;
/** The detector looks at a 512-pixel square; a bigger input only costs time to convert. */
const DETECT_SIZE = 1024;
const MAX_INPUT_PIXELS = 120_000_000;

type Detector = { faceapi: typeof FaceApi };

let detector: Promise<Detector> | null = null;
let queue: Promise<unknown> = Promise.resolve();

/**
 * The counts of the last few photos, by their bytes, so the same photo is never counted twice:
 * the demo counts its photos while its database is being made, and seeding then finds them here.
 */
const counted = new Map<string, Promise<FaceCount>>();
const REMEMBERED = 16;

export async function countFaces(image: Uint8Array): Promise<FaceCount> {
  const key = createHash('sha256').update(image).digest('hex');
  const known = counted.get(key);
  if (known !== undefined) return known;
  const run = queue.then(() => detect(image));
  queue = run.catch(() => undefined);
  counted.set(key, run);
  if (counted.size > REMEMBERED) counted.delete(counted.keys().next().value!);
  // Only a count is remembered: when the detector could not start, the next photo tries again.
  void run.then(
    (result) => {
      if (!result.available) counted.delete(key);
    },
    () => counted.delete(key),
  );
  return run;
}

async function detect(image: Uint8Array): Promise<FaceCount> {
  let loaded: Detector;
  try {
    loaded = await loadDetector();
  } catch (error) {
    detector = null; // try again next time
    return { available: false, reason: `The face detector could not start: ${(error as Error).message}` };
  }
  try {
    const started = performance.now();
    const { faceapi } = loaded;
    const { data, info } = await sharp(image, { limitInputPixels: MAX_INPUT_PIXELS })
      .autoOrient()
      .resize({ width: DETECT_SIZE, height: DETECT_SIZE, fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const tensor = faceapi.tf.tensor3d(data, [info.height, info.width, 3], 'int32');
    try {
      const faces = await faceapi.detectAllFaces(
        tensor,
        new faceapi.SsdMobilenetv1Options({ minConfidence: MIN_CONFIDENCE, maxResults: 100 }),
      );
      return { available: true, faces: faces.length, ms: Math.round(performance.now() - started) };
    } finally {
      tensor.dispose();
    }
  } catch {
    return { available: false, reason: 'The photo could not be read for face detection.' };
  }
}

function loadDetector(): Promise<Detector> {
  detector ??= (async () => {
    const require = createRequire(import.meta.url);
    const tf = require('@tensorflow/tfjs') as typeof Tf;
    const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof TfWasm;
    const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as typeof FaceApi;
    wasm.setWasmPaths(
      `${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}${path.sep}`,
    );
    tf.enableProdMode();
    if (!(await tf.setBackend('wasm'))) throw new Error('the WebAssembly backend did not start');
    await tf.ready();
    const models = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
    await faceapi.nets.ssdMobilenetv1.loadFromDisk(models);
    return { faceapi };
  })();
  return detector;
}
