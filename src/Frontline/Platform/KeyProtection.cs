using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace Frontline.Platform;

/// <summary>
/// The data-protection keys (they protect the sign-in cookies and antiforgery tokens) live in the database,
/// shared by every node. With `Frontline:DataProtectionCertificate` (a .pfx file, and its password in
/// `Frontline:DataProtectionCertificatePassword`) they are encrypted there with that certificate; without one
/// they are stored as they are, which the server says in one line at start instead of the framework's warning
/// each time it makes a key. Read when services are registered (appsettings, environment, command line): the
/// certificate is handed to the framework then, so a test host's late settings do not reach it.
/// </summary>
public static class KeyProtection
{
    public const string CertificateSetting = "Frontline:DataProtectionCertificate";
    public const string PasswordSetting = "Frontline:DataProtectionCertificatePassword";
    /// <summary>The category of "No XML encryptor configured. Key … may be persisted to storage in unencrypted form."</summary>
    const string KeyManagerCategory = "Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager";

    public static IDataProtectionBuilder ProtectKeysAtRest(this IDataProtectionBuilder builder, IConfiguration config)
    {
        var path = config[CertificateSetting];
        if (string.IsNullOrWhiteSpace(path))
        {
            builder.Services.Configure<LoggerFilterOptions>(o => o.AddFilter(KeyManagerCategory, LogLevel.Error));
            return SayAtStart(builder, log => log.LogInformation(
                "Data-protection keys are stored unencrypted in the database (enough for development); set {Setting} to a .pfx certificate to encrypt them at rest",
                CertificateSetting));
        }
        if (!File.Exists(path)) throw new InvalidOperationException($"{CertificateSetting}: there is no file {Path.GetFullPath(path)}");
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, config[PasswordSetting], X509KeyStorageFlags.EphemeralKeySet);
        if (!certificate.HasPrivateKey)
            throw new InvalidOperationException($"{CertificateSetting}: {path} holds no private key, so the keys could not be read back");
        builder.ProtectKeysWithCertificate(certificate);
        return SayAtStart(builder, log => log.LogInformation("Data-protection keys are encrypted at rest with the certificate {Subject} ({Thumbprint})",
            certificate.Subject, certificate.Thumbprint));
    }

    /// <summary>Said when the framework sets up its key manager, once per host, as it starts.</summary>
    static IDataProtectionBuilder SayAtStart(IDataProtectionBuilder builder, Action<ILogger> say)
    {
        builder.Services.AddOptions<KeyManagementOptions>().Configure<ILoggerFactory>((_, loggers) => say(loggers.CreateLogger(typeof(KeyProtection).FullName!)));
        return builder;
    }
}
