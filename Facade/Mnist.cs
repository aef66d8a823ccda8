using Core = AssociativeKernels.Core;

namespace AssociativeKernels;

/// <summary>Which half of MNIST.</summary>
public enum MnistPart
{
    /// <summary>The 60 000 training images (<c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>).</summary>
    Training,
    /// <summary>The 10 000 test images (<c>t10k-images-idx3-ubyte</c>, <c>t10k-labels-idx1-ubyte</c>).</summary>
    Test,
}

/// <summary>
/// Images and labels of one part of MNIST (LeCun, Cortes, Burges; CC BY-SA 3.0). Images are rows of
/// <see cref="Images"/>, flattened row-major (pixel (r, c) is column <c>Columns·r + c</c>), with pixels
/// value/255 in [0, 1] as UHN §4 uses them.
/// </summary>
public sealed class MnistImages
{
    internal MnistImages(float[,] images, int[] labels, int rows, int columns)
    {
        Images = images;
        Labels = labels;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>The images, one flattened image per row (<see cref="Count"/> × <see cref="PixelCount"/>), pixels in [0, 1].</summary>
    public float[,] Images { get; }
    /// <summary>The digit 0–9 of each image.</summary>
    public int[] Labels { get; }
    /// <summary>The number of images.</summary>
    public int Count => Labels.Length;
    /// <summary>The image height (28).</summary>
    public int Rows { get; }
    /// <summary>The image width (28).</summary>
    public int Columns { get; }
    /// <summary>The number of pixels of an image, <see cref="Rows"/> × <see cref="Columns"/>.</summary>
    public int PixelCount => Rows * Columns;

    /// <summary>One image as a new array of doubles.</summary>
    /// <param name="index">0 ≤ index &lt; <see cref="Count"/>.</param>
    /// <returns>The <see cref="PixelCount"/> pixels, row-major.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the images.</exception>
    public double[] Image(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        var image = new double[PixelCount];
        for (var j = 0; j < image.Length; j++) image[j] = Images[index, j];
        return image;
    }
}

/// <summary>
/// Loading MNIST from its four IDX files (gzip-compressed or raw, under their standard names such as
/// <c>t10k-images-idx3-ubyte</c> or <c>t10k-images-idx3-ubyte.gz</c>). Get the files with
/// <c>scripts/fetch-mnist.sh</c>, which fills <c>~/.cache/associativekernels/mnist</c>.
/// </summary>
/// <remarks>
/// A missing file throws <see cref="FileNotFoundException"/> naming the file, the folder searched and the
/// fetch command; a corrupt one (wrong magic number, data type other than unsigned byte, sizes that do not
/// match the payload, a damaged gzip stream, labels outside 0–9) throws <see cref="InvalidDataException"/>
/// saying what was expected and what was found.
/// </remarks>
public sealed class MnistData
{
    /// <summary>The environment variable that names the MNIST folder (it wins over the cache folder).</summary>
    public const string EnvironmentVariable = "AKERN_MNIST";

    private MnistData(MnistImages training, MnistImages test)
    {
        Training = training;
        Test = test;
    }

    /// <summary>The training images (60 000 in the full set).</summary>
    public MnistImages Training { get; }
    /// <summary>The test images (10 000 in the full set).</summary>
    public MnistImages Test { get; }

    /// <summary>Loads both parts of MNIST from a folder holding the four files.</summary>
    /// <param name="directory">The folder (see <see cref="DefaultDirectory"/>).</param>
    /// <returns>The training and test images.</returns>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt.</exception>
    public static MnistData Load(string directory) =>
        new(Load(directory, MnistPart.Training), Load(directory, MnistPart.Test));

    /// <summary>Loads one part of MNIST (only its two files need to be present).</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="part">Training or test.</param>
    /// <returns>The images and labels.</returns>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt.</exception>
    public static MnistImages Load(string directory, MnistPart part)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var (imageName, labelName) = Core.MnistModule.FileNames(part == MnistPart.Training ? Core.MnistPart.Training : Core.MnistPart.Test).ToValueTuple();
        string imagePath = Locate(directory, imageName), labelPath = Locate(directory, labelName);
        var (idx, labels) = Core.MnistModule.CheckRaw(imagePath, ReadIdx(imagePath), labelPath, ReadIdx(labelPath)).ToValueTuple();
        int count = idx.Dimensions[0], rows = idx.Dimensions[1], columns = idx.Dimensions[2], n = rows * columns;
        var images = new float[count, n];
        var data = idx.Data;
        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < n; j++) images[i, j] = (float)Core.MnistModule.Pixel(data[i * n + j]);
        }
        return new MnistImages(images, labels, rows, columns);
    }

    /// <summary>
    /// The path of one MNIST file (a standard name such as <c>t10k-images-idx3-ubyte</c>) in <paramref name="directory"/>,
    /// under the first of the core's candidate names that exists (raw, gzipped, dotted variant); a missing file throws
    /// <see cref="FileNotFoundException"/> naming the file, the folder searched and how to fetch the data.
    /// </summary>
    internal static string Locate(string directory, string standardName)
    {
        var tried = Core.MnistModule.CandidateNames(standardName).ToArray();
        foreach (var name in tried)
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path)) return path;
        }
        var where = Directory.Exists(directory) ? "" : " (the folder itself does not exist)";
        throw new FileNotFoundException(
            $"MNIST file {standardName} not found in {Path.GetFullPath(directory)}{where}; looked for {string.Join(", ", tried)}. {Core.IdxModule.FetchHint}",
            Path.Combine(directory, standardName));
    }

    /// <summary>Opens an IDX file and parses it (the core reads the stream; the facade opens the file).</summary>
    private static Core.IdxArray ReadIdx(string path)
    {
        using var file = File.OpenRead(path);
        return Core.IdxModule.ReadStream(path, file);
    }

    /// <summary>
    /// Where MNIST is looked for: the folder in the <c>AKERN_MNIST</c> environment variable when it is set,
    /// otherwise the cache folder <c>scripts/fetch-mnist.sh</c> fills —
    /// <c>$XDG_CACHE_HOME/associativekernels/mnist</c>, or <c>~/.cache/associativekernels/mnist</c> when
    /// <c>XDG_CACHE_HOME</c> is not set. The folder need not exist: loading from it then says how to fetch the data.
    /// </summary>
    /// <returns>The folder path.</returns>
    public static string DefaultDirectory()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var cache = !string.IsNullOrWhiteSpace(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "associativekernels", "mnist");
    }
}
