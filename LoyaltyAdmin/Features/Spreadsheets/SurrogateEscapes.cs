using System.Buffers.Text;
using System.Text;

namespace LoyaltyAdmin.Features.Spreadsheets;

/// <summary>
/// ClosedXML 0.95 and MiniExcel escape every UTF-16 code unit that is not a valid XML character on its own, so a character
/// beyond U+FFFF (an emoji, a rare CJK ideograph) is written as the escapes of its two surrogate halves, <c>🍵</c> →
/// <c>_xD83C__xDF75_</c>, which spreadsheet programs and the OpenXML SDK show as it is. This turns each such pair in the
/// UTF-8 text of an XML part back into the character, and leaves every other <c>_xHHHH_</c> escape as the writer made it.
/// </summary>
internal static class SurrogateEscapes
{
    private const int EscapeLength = 7; // _xHHHH_

    public static void Restore(Stream utf8Xml, Stream output)
    {
        var buffer = new byte[1 << 16];
        var length = 0;
        while (true)
        {
            var read = utf8Xml.Read(buffer, length, buffer.Length - length);
            length += read;
            var final = read == 0;
            var consumed = Restore(buffer.AsSpan(0, length), output, final);
            buffer.AsSpan(consumed, length - consumed).CopyTo(buffer);
            length -= consumed;
            if (final)
                return;
        }
    }

    public static string Restore(string text)
    {
        using var output = new MemoryStream();
        Restore(new MemoryStream(Encoding.UTF8.GetBytes(text)), output);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    /// <summary>
    /// Writes <paramref name="text"/> up to the last position from which a whole pair of escapes could still be read, and
    /// answers how far it got. Escapes are read left to right as the writers' decoders read them, so the <c>_xD83C_</c> inside
    /// <c>_x005F_xD83C_</c> (a literal "_xD83C_" someone typed) is never taken for one. An ASCII '_' byte in UTF-8 is always
    /// the character '_', so the bytes can be scanned without decoding them.
    /// </summary>
    private static int Restore(ReadOnlySpan<byte> text, Stream output, bool final)
    {
        int i = 0, written = 0;
        Span<byte> character = stackalloc byte[4];
        while (i < text.Length && (final || text.Length - i >= 2 * EscapeLength))
        {
            if (!TryEscape(text[i..], out var high))
            {
                var next = text[(i + 1)..].IndexOf((byte)'_');
                i = next < 0 ? text.Length : i + 1 + next;
            }
            else if (char.IsHighSurrogate(high) && TryEscape(text[(i + EscapeLength)..], out var low) && char.IsLowSurrogate(low))
            {
                output.Write(text[written..i]);
                new Rune(high, low).EncodeToUtf8(character);
                output.Write(character);
                i += 2 * EscapeLength;
                written = i;
            }
            else
                i += EscapeLength;
        }
        output.Write(text[written..i]);
        return i;
    }

    private static bool TryEscape(ReadOnlySpan<byte> text, out char value)
    {
        value = '\0';
        if (text.Length < EscapeLength || text[0] != '_' || text[1] != 'x' || text[6] != '_'
            || !Utf8Parser.TryParse(text[2..6], out ushort code, out var used, 'X') || used != 4)
            return false;
        value = (char)code;
        return true;
    }
}
