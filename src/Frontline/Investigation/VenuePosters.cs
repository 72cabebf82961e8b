using System.Net;
using Microsoft.EntityFrameworkCore;
using QRCoder;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Investigation;

/// <summary>A registered place's venue-code poster: its QR code (as SVG) and the words printed around it.</summary>
public sealed record VenuePoster(long PlaceId, string Code, string Name, string CommunityName, string Payload, string QrSvg);

/// <summary>
/// 场所码 posters. The QR code carries the place's code and name in one short text the venue-code platform's scanner reads
/// (<see cref="Payload"/>); drawn as SVG, so it prints sharp at any size from a browser on A4.
/// </summary>
public sealed class VenuePosters(IDbContextFactory<FrontlineDb> dbs, JurisdictionDirectory jurisdictions)
{
    public const string Scheme = "FRONTLINE-VENUE";

    /// <summary>What the QR code carries: <c>FRONTLINE-VENUE:{code};{name}</c> (the code never holds a semicolon's meaning for the reader: it ends at the first one).</summary>
    public static string Payload(string code, string name) => $"{Scheme}:{code};{name}";

    /// <summary>The venue code in a scanned text: the payload above, or a bare code as older posters carry it.</summary>
    public static string? CodeOf(string scanned)
    {
        var text = scanned.Trim();
        if (!text.StartsWith(Scheme + ":", StringComparison.Ordinal)) return text.Length > 0 ? text : null;
        var rest = text[(Scheme.Length + 1)..];
        var end = rest.IndexOf(';');
        var code = end < 0 ? rest : rest[..end];
        return code.Length > 0 ? code : null;
    }

    public async Task<VenuePoster> PosterAsync(Caller caller, long placeId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var place = await db.Places.AsNoTracking().InScope(caller.Scope).FirstOrDefaultAsync(p => p.Id == placeId, ct) ?? throw new NotFoundException("place");
        var community = (await jurisdictions.GetAsync(place.CommunityCode, ct))?.Name ?? place.CommunityCode;
        var payload = Payload(place.Code, place.Name);
        using var generator = new QRCodeGenerator();
        // Level Q: a poster on a door gets scratched and rained on; a quarter of the code may go and it still reads.
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.Q, forceUtf8: true);
        var svg = new SvgQRCode(data).GetGraphic(new System.Drawing.Size(400, 400), "#000000", "#ffffff", drawQuietZones: true,
            sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
        return new VenuePoster(place.Id, place.Code, place.Name, community, payload, svg);
    }

    /// <summary>The poster as one HTML page with its QR inline: A4 portrait, nothing but the poster when printed.</summary>
    public static string Html(VenuePoster poster)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        return $$"""
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>场所码 · {{E(poster.Name)}}</title>
            <style>
              @page { size: A4 portrait; margin: 12mm; }
              html, body { margin: 0; font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif; color: #000; }
              .poster { box-sizing: border-box; width: 186mm; min-height: 270mm; margin: 0 auto; padding: 10mm 12mm; border: 3mm solid #1f7a3a;
                        display: flex; flex-direction: column; align-items: center; text-align: center; }
              .banner { font-size: 20pt; letter-spacing: 0.4em; color: #1f7a3a; font-weight: 700; margin-bottom: 6mm; }
              .name { font-size: 30pt; font-weight: 700; line-height: 1.25; margin: 0 0 3mm; word-break: break-all; }
              .community { font-size: 14pt; color: #333; margin-bottom: 8mm; }
              .qr { width: 120mm; height: 120mm; }
              .qr svg { width: 100%; height: 100%; }
              .code { font-family: "DejaVu Sans Mono", monospace; font-size: 16pt; margin-top: 4mm; letter-spacing: 0.08em; }
              .hint { font-size: 16pt; margin-top: 8mm; line-height: 1.6; }
              .print { margin: 4mm auto; text-align: center; font-size: 11pt; color: #666; }
              @media print { .print { display: none; } .poster { border-color: #1f7a3a; -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
            </style>
            </head>
            <body>
            <p class="print">按 Ctrl+P 打印（A4 纵向） · Press Ctrl+P to print (A4 portrait)</p>
            <div class="poster">
              <div class="banner">场所码</div>
              <h1 class="name">{{E(poster.Name)}}</h1>
              <div class="community">{{E(poster.CommunityName)}}</div>
              <div class="qr">{{poster.QrSvg}}</div>
              <div class="code">{{E(poster.Code)}}</div>
              <div class="hint">进入场所请主动扫码登记<br>配合疫情防控 · 保持社交距离</div>
            </div>
            </body>
            </html>
            """;
    }
}
