using QRCoder;

namespace Frontline.Browser;

/// <summary>
/// A camera for Chromium's fake capture device (<c>--use-file-for-fake-video-capture</c>): a Y4M video of the codes a
/// sampler holds up, one after the other, each for a while, looped by Chromium. Tube barcodes are Code 128 (as on the
/// tubes' labels), documents QR codes (as on ID cards' and health codes' screens), drawn black on white.
/// </summary>
public static class FakeCamera
{
    const int Width = 640, Height = 480, FramesPerSecond = 4;

    public abstract record Shown(double Seconds);
    public sealed record Barcode(string Text, double Seconds = 2) : Shown(Seconds);
    public sealed record QrCode(string Text, double Seconds = 2) : Shown(Seconds);

    /// <summary>Writes the video and returns its path.</summary>
    public static string Write(string name, params Shown[] codes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}.y4m");
        using var file = File.Create(path);
        file.Write(System.Text.Encoding.ASCII.GetBytes($"YUV4MPEG2 W{Width} H{Height} F{FramesPerSecond}:1 Ip A1:1 C420jpeg\n"));
        var chroma = new byte[Width * Height / 2];
        Array.Fill(chroma, (byte)128);
        foreach (var shown in codes)
        {
            var luma = shown switch
            {
                Barcode b => Draw(Code128(b.Text), rows: 1, height: 200),
                QrCode q => Draw(Qr(q.Text), rows: null, height: 0),
                _ => throw new ArgumentException(shown.GetType().Name),
            };
            for (var n = 0; n < Math.Max(1, (int)(shown.Seconds * FramesPerSecond)); n++)
            {
                file.Write("FRAME\n"u8);
                file.Write(luma);
                file.Write(chroma);
            }
        }
        return path;
    }

    /// <summary>The modules, black true, drawn centred as large as fits (a barcode's one row stretched to a bar height).</summary>
    static byte[] Draw(bool[][] modules, int? rows, int height)
    {
        var luma = new byte[Width * Height];
        Array.Fill(luma, (byte)255);
        var columns = modules[0].Length;
        var scale = Math.Max(1, Math.Min((Width - 40) / columns, rows is null ? (Height - 40) / modules.Length : int.MaxValue));
        var drawnHeight = rows is null ? modules.Length * scale : height;
        var left = (Width - columns * scale) / 2;
        var top = (Height - drawnHeight) / 2;
        for (var y = 0; y < drawnHeight; y++)
        {
            var row = rows is null ? modules[y / scale] : modules[0];
            for (var x = 0; x < columns * scale; x++)
                if (row[x / scale]) luma[(top + y) * Width + left + x] = 0;
        }
        return luma;
    }

    static bool[][] Qr(string text)
    {
        using var generator = new QRCodeGenerator();
        var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return data.ModuleMatrix.Select(r => Enumerable.Range(0, r.Length).Select(i => r[i]).ToArray()).ToArray();
    }

    /// <summary>Code 128, code set B (printable ASCII), with its check symbol and a quiet zone of ten modules each side.</summary>
    static bool[][] Code128(string text)
    {
        const int startB = 104, stop = 106;
        var symbols = new List<int> { startB };
        foreach (var c in text)
        {
            if (c is < ' ' or > '~') throw new ArgumentException($"Code 128 B has no '{c}'");
            symbols.Add(c - ' ');
        }
        var check = startB;
        for (var i = 1; i < symbols.Count; i++) check += i * symbols[i];
        symbols.Add(check % 103);
        symbols.Add(stop);
        var modules = new List<bool>(Enumerable.Repeat(false, 10));
        foreach (var symbol in symbols)
        {
            var black = true;
            foreach (var width in Patterns[symbol])
            {
                modules.AddRange(Enumerable.Repeat(black, width - '0'));
                black = !black;
            }
        }
        modules.AddRange(Enumerable.Repeat(false, 10));
        return [modules.ToArray()];
    }

    /// <summary>Bar and space widths of the 107 symbols (the last is the stop pattern, with its final bar).</summary>
    static readonly string[] Patterns =
    [
        "212222",
        "222122",
        "222221",
        "121223",
        "121322",
        "131222",
        "122213",
        "122312",
        "132212",
        "221213",
        "221312",
        "231212",
        "112232",
        "122132",
        "122231",
        "113222",
        "123122",
        "123221",
        "223211",
        "221132",
        "221231",
        "213212",
        "223112",
        "312131",
        "311222",
        "321122",
        "321221",
        "312212",
        "322112",
        "322211",
        "212123",
        "212321",
        "232121",
        "111323",
        "131123",
        "131321",
        "112313",
        "132113",
        "132311",
        "211313",
        "231113",
        "231311",
        "112133",
        "112331",
        "132131",
        "113123",
        "113321",
        "133121",
        "313121",
        "211331",
        "231131",
        "213113",
        "213311",
        "213131",
        "311123",
        "311321",
        "331121",
        "312113",
        "312311",
        "332111",
        "314111",
        "221411",
        "431111",
        "111224",
        "111422",
        "121124",
        "121421",
        "141122",
        "141221",
        "112214",
        "112412",
        "122114",
        "122411",
        "142112",
        "142211",
        "241211",
        "221114",
        "413111",
        "241112",
        "134111",
        "111242",
        "121142",
        "121241",
        "114212",
        "124112",
        "124211",
        "411212",
        "421112",
        "421211",
        "212141",
        "214121",
        "412121",
        "111143",
        "111341",
        "131141",
        "114113",
        "114311",
        "411113",
        "411311",
        "113141",
        "114131",
        "311141",
        "411131",
        "211412",
        "211214",
        "211232",
        "2331112",
    ];
}
