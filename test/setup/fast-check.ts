// Property tests run with a fixed seed, so that CI is repeatable and a failure can be replayed.
// To search for new counterexamples, run with another seed (FC_SEED=random picks one and prints
// it in any failure) and more runs: FC_SEED=random FC_RUNS=2000 npx vitest run test/project test/hostile
import fc from 'fast-check';

const seedEnv = process.env.FC_SEED;
const seed = seedEnv === 'random' ? Date.now() ^ (Math.random() * 0x7fffffff) : Number(seedEnv ?? 20261125);
fc.configureGlobal({
  seed,
  ...(process.env.FC_RUNS ? { numRuns: Number(process.env.FC_RUNS) } : {}),
});
