using System.Text;

namespace OrleansHa.Storage.Layout;

/// <summary>
/// Turns free text (grain keys, grain types, state names, file names, cluster ids) into one segment of a blob
/// name or a relative file path, and back. Letters and digits of any script stay as they are, so a Cyrillic
/// key is still readable in a storage browser; every other character is percent-encoded as its UTF-8 bytes,
/// so a key can never add a directory level, escape its prefix or end in a dot.
/// </summary>
public static class StoragePathSegment
{
    /// <summary>The most UTF-8 bytes an encoded segment may have: the usual file-name limit.</summary>
    public const int MaxEncodedBytes = 255;

    private const string PlainPunctuation = "-_.~+=,@";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Encode(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        var builder = new StringBuilder(value.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) || (rune.IsAscii && PlainPunctuation.Contains((char)rune.Value)))
            {
                builder.Append(rune.ToString());
                continue;
            }

            var length = rune.EncodeToUtf8(utf8);
            for (var i = 0; i < length; i++)
            {
                builder.Append('%').Append(utf8[i].ToString("X2"));
            }
        }

        // A trailing dot makes "." and ".." and names that Windows and some blob tools trim silently.
        if (builder[^1] == '.')
        {
            builder.Length--;
            builder.Append("%2E");
        }

        var encoded = builder.ToString();
        var bytes = Encoding.UTF8.GetByteCount(encoded);
        if (bytes > MaxEncodedBytes)
        {
            throw new ArgumentException(
                $"'{Shorten(value)}' encodes to a storage name segment of {bytes} bytes, more than the " +
                $"{MaxEncodedBytes} allowed in one blob name or file name segment. Use a shorter key or name.",
                nameof(value));
        }

        return encoded;
    }

    /// <summary>The text a segment made by <see cref="Encode"/> stands for.</summary>
    /// <exception cref="FormatException">The segment has a malformed percent escape.</exception>
    /// <exception cref="DecoderFallbackException">The escapes are not UTF-8.</exception>
    public static string Decode(string segment)
    {
        ArgumentException.ThrowIfNullOrEmpty(segment);
        if (!segment.Contains('%'))
        {
            return segment;
        }

        var builder = new StringBuilder(segment.Length);
        var pending = new List<byte>();
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] == '%')
            {
                if (i + 2 >= segment.Length)
                {
                    throw new FormatException($"'{segment}' ends inside a percent escape.");
                }

                pending.Add(Convert.FromHexString(segment.AsSpan(i + 1, 2))[0]);
                i += 2;
                continue;
            }

            Flush(builder, pending);
            builder.Append(segment[i]);
        }

        Flush(builder, pending);
        return builder.ToString();
    }

    private static void Flush(StringBuilder builder, List<byte> pending)
    {
        if (pending.Count > 0)
        {
            builder.Append(StrictUtf8.GetString([.. pending]));
            pending.Clear();
        }
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "...";
}
