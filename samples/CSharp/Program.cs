// AssociativeKernels from C#, written as a user of the package writes it: capacity bounds, retrieval of a
// stored pattern from a noisy copy, a float32 batch, and a round trip through numpy's .npy format.
// Each section checks what the models guarantee and the program exits 1 if one check fails.
using AssociativeKernels;

int failures = 0;
void Check(bool ok, string what)
{
    Console.WriteLine($"  {(ok ? "ok" : "FAILED")}: {what}");
    if (!ok) failures++;
}

double Overlap(double[] pattern, double[] state) // m = ξ·s / N: 1 for the pattern itself, about 0 for an unrelated one
{
    double sum = 0;
    for (int i = 0; i < pattern.Length; i++) sum += pattern[i] * state[i];
    return sum / pattern.Length;
}

// 1. Capacity bounds: closed forms with the paper's equation, exact where the formula is, in log space otherwise.
Console.WriteLine("Capacity bounds");
BoundResult classical = CapacityBounds.HopfieldClassical(dimension: 100);
Console.WriteLine($"  classical Hopfield, N = 100: {classical.Value:F1} patterns ({classical.Equation})");
BoundResult dense = CapacityBounds.DamNoError(degree: 3, dimension: 100);
Console.WriteLine($"  dense memory F(x) = x³, N = 100: {dense.Value:F1} patterns ({dense.Equation})");
BoundResult expBeta = CapacityBounds.ExpBetaGaussianLower(dimension: 1_000_000, sigma2: 0.3);
Console.WriteLine($"  Exp-β network, Gaussian patterns, N = 10⁶: ln M ≥ {expBeta.Ln:F1} ({(expBeta.Value is null ? "beyond a double" : "fits a double")})");
BoundResult byId = CapacityBounds.Evaluate("hopfield-classical", new Dictionary<string, double> { ["N"] = 100 });
Check(byId.Value == classical.Value, "the registry gives the same bound by id");
Check(classical.Value is > 13.7 and < 13.9, "the classical capacity is 0.138 N");

// 2. Store random ±1 patterns, flip 15% of one pattern's bits, retrieve it.
const int dimension = 200, count = 10, flips = 30;
var random = new Random(7);
var patterns = new double[count, dimension];
for (int mu = 0; mu < count; mu++)
    for (int i = 0; i < dimension; i++)
        patterns[mu, i] = random.Next(2) == 0 ? -1 : 1;
double[] stored = Enumerable.Range(0, dimension).Select(i => patterns[0, i]).ToArray();
double[] noisy = (double[])stored.Clone();
foreach (int i in Enumerable.Range(0, dimension).OrderBy(_ => random.Next()).Take(flips)) noisy[i] = -noisy[i];

Console.WriteLine($"Retrieval: {count} patterns of N = {dimension}, {flips} bits of pattern 0 flipped (overlap {Overlap(stored, noisy):F2})");
var hopfield = HopfieldNetwork.Create(patterns);
MemoryIteration run = hopfield.Iterate(noisy, maxSteps: 100, seed: 1);
Console.WriteLine($"  Hopfield (Hebbian): {run.Ending} after {run.Steps} sweeps, overlap {Overlap(stored, run.State):F2}");
Check(run.Ending == IterationEnding.Converged && Overlap(stored, run.State) == 1, "the Hopfield network restores the pattern");
var modern = ModernHopfieldNetwork.Create(patterns, beta: 0.1);
double[] answer = modern.Retrieve(noisy);
Console.WriteLine($"  modern Hopfield (β = 0.1), one step: overlap {Overlap(stored, answer):F4}");
Check(Overlap(stored, answer) > 0.999, "the modern Hopfield network restores the pattern in one step");

// 3. A batch of float32 queries: 100 noisy copies of stored Gaussian patterns, retrieved at once.
const int stored32 = 500, width = 64, queries = 100;
double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
var memories = new float[stored32, width];
for (int mu = 0; mu < stored32; mu++)
    for (int i = 0; i < width; i++)
        memories[mu, i] = (float)Gaussian();
var batch = new float[queries, width];
for (int q = 0; q < queries; q++)
    for (int i = 0; i < width; i++)
        batch[q, i] = memories[q, i] + (float)(0.3 * Gaussian());
var network32 = ModernHopfieldNetwork.Create(memories, beta: 1);
float[,] answers = network32.RetrieveBatch(batch);
double worst = 0;
for (int q = 0; q < queries; q++)
    for (int i = 0; i < width; i++)
        worst = Math.Max(worst, Math.Abs(answers[q, i] - memories[q, i]));
Console.WriteLine($"Float batch: {queries} queries against {stored32} patterns of N = {width}, largest |answer − pattern| = {worst:E1}");
Check(worst < 1e-3, "every query retrieves the pattern it is a noisy copy of");

// 4. .npy files (numpy's np.load reads them) in a temporary folder, deleted afterwards.
string folder = Path.Combine(Path.GetTempPath(), "associative-kernels-sample-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);
try
{
    string matrixPath = Path.Combine(folder, "answers.npy"), vectorPath = Path.Combine(folder, "noisy.npy");
    Npy.Write(matrixPath, answers);
    Npy.Write(vectorPath, noisy);
    float[,] answersBack = Npy.ReadMatrixSingle(matrixPath);
    double[] noisyBack = Npy.ReadVector(vectorPath);
    bool same = answersBack.GetLength(0) == queries && answersBack.GetLength(1) == width
        && answersBack.Cast<float>().SequenceEqual(answers.Cast<float>());
    Console.WriteLine($".npy: wrote and read back a {queries}×{width} float32 matrix ({new FileInfo(matrixPath).Length} bytes) and a vector of {noisyBack.Length}");
    Check(same && noisyBack.SequenceEqual(noisy), "both come back bit for bit");
}
finally
{
    Directory.Delete(folder, recursive: true);
}

Console.WriteLine(failures == 0 ? "All checks passed." : $"{failures} check(s) FAILED.");
return failures == 0 ? 0 : 1;
