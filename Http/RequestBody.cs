using System.Text;
using Microsoft.AspNetCore.Http;

namespace Sway.Http;

/// <summary>
/// A request's body as text, for Core to parse and check field by field (a 400 names the field at fault, which
/// model binding would not). Reads at most one character more than the limit, so an oversized body is
/// refused without being read whole.
/// </summary>
public static class RequestBody
{
    public static async Task<string> ReadAsync(HttpRequest request, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var buffer = new char[max + 1];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await reader.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return new string(buffer, 0, read);
    }
}
