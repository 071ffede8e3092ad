using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace LoyaltyAdmin.Data;

/// <summary>
/// The Data Protection key ring (cookies, antiforgery) is kept in the database; its keys are encrypted before they are
/// written there, so a copy of the database alone opens no session. <c>DataProtection:CertificatePath</c> (a .pfx, with
/// <c>DataProtection:CertificatePassword</c>) encrypts them with a certificate; otherwise <c>DataProtection:KeyFile</c>
/// (default <c>App_Data/dataprotection.key</c>, made with a random key on first start) encrypts them with AES-256-GCM.
/// Every instance on one database must use the same certificate or key file (docs/privacy.md).
/// </summary>
public static class KeyProtection
{
    public const string DefaultKeyFile = "App_Data/dataprotection.key";

    public static IDataProtectionBuilder ProtectKeysAtRest(this IDataProtectionBuilder builder, IConfiguration configuration, string contentRoot)
    {
        var section = configuration.GetSection("DataProtection");
        if (section["CertificatePath"] is { Length: > 0 } certificatePath)
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(Path.GetFullPath(certificatePath, contentRoot), section["CertificatePassword"]);
            if (!certificate.HasPrivateKey)
                throw new InvalidOperationException("DataProtection:CertificatePath must name a certificate with its private key (a .pfx).");
            return builder.ProtectKeysWithCertificate(certificate);
        }
        var keyFile = new KeyFile(Path.GetFullPath(section["KeyFile"] is { Length: > 0 } path ? path : DefaultKeyFile, contentRoot));
        builder.Services.AddSingleton(keyFile);
        builder.Services.Configure<KeyManagementOptions>(o => o.XmlEncryptor = new KeyFileXmlEncryptor(keyFile));
        return builder;
    }
}

/// <summary>A 256-bit key in a file (base64), read once; made on first use when the file does not exist, readable by its owner only.</summary>
public sealed class KeyFile(string path)
{
    private readonly Lazy<byte[]> key = new(() => LoadOrCreate(path));

    public string Path => path;

    public byte[] Key => key.Value;

    /// <summary>A short public name of the key, written beside what it encrypts so a wrong key file is reported as such.</summary>
    public string Id => Convert.ToHexStringLower(SHA256.HashData(Key))[..16];

    private static byte[] LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(temp, options))
                stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
            try
            {
                File.Move(temp, path); // never over a file another instance made first
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temp);
            }
        }
        var bytes = Convert.FromBase64String(File.ReadAllText(path).Trim());
        return bytes.Length == 32 ? bytes : throw new InvalidOperationException($"The key file {path} must hold 32 bytes in base64.");
    }
}

internal sealed class KeyFileXmlEncryptor(KeyFile file) : IXmlEncryptor
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(file.Key, TagSize))
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize));
        var element = new XElement("encryptedKey",
            new XComment(" Encrypted with AES-256-GCM by the key file of DataProtection:KeyFile. "),
            new XAttribute("keyFile", file.Id),
            new XElement("value", Convert.ToBase64String(sealedBytes)));
        return new EncryptedXmlInfo(element, typeof(KeyFileXmlDecryptor));
    }

    public static XElement Decrypt(KeyFile file, XElement encryptedElement)
    {
        if ((string?)encryptedElement.Attribute("keyFile") is { } id && id != file.Id)
            throw new CryptographicException($"This key was encrypted with another key file ({id}); {file.Path} is {file.Id}.");
        var sealedBytes = Convert.FromBase64String((string)encryptedElement.Element("value")!);
        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        using (var aes = new AesGcm(file.Key, TagSize))
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), plain);
        return XElement.Parse(Encoding.UTF8.GetString(plain));
    }
}

/// <summary>Made by Data Protection from the type named in the stored key (hence public, with this constructor).</summary>
public sealed class KeyFileXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) => KeyFileXmlEncryptor.Decrypt(services.GetRequiredService<KeyFile>(), encryptedElement);
}
