using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.Extensions.Msal;

namespace CogniteRecords.Core.Auth
{
    /// <summary>
    /// MSAL's token cache persisted per user through MSAL's cache extension, so a new session signs in silently.
    /// Encrypted by the OS where it can be: DPAPI on Windows, the Keychain on macOS, the Secret Service keyring (libsecret) on
    /// Linux. On Linux without a usable keyring (no D-Bus session, no libsecret; typical for servers, containers, SSH) it falls
    /// back to a plain file readable only by the user (mode 600 in a 700 folder), and <see cref="IsEncrypted"/> says so.
    /// </summary>
    public sealed class MsalTokenCacheStore
    {
        /// <summary>The cache file's name.</summary>
        public const string CacheFileName = "msal.cache";

        private const string KeyChainService = "CogniteRecords.TokenCache";
        private const string KeyChainAccount = "MSALCache";

        private readonly MsalCacheHelper _helper;

        private MsalTokenCacheStore(MsalCacheHelper helper, string directory, bool encrypted, string? warning)
        {
            _helper = helper;
            Directory = directory;
            IsEncrypted = encrypted;
            Warning = warning;
        }

        /// <summary>The folder holding the cache file.</summary>
        public string Directory { get; }

        /// <summary>The cache file's path.</summary>
        public string FilePath => Path.Combine(Directory, CacheFileName);

        /// <summary>Whether the OS encrypts the cache (false: the Linux plain-file fallback).</summary>
        public bool IsEncrypted { get; }

        /// <summary>What to tell the user about the cache's protection, when it is not encrypted.</summary>
        public string? Warning { get; }

        /// <summary>The default folder: %LOCALAPPDATA%\CogniteRecords on Windows, ~/.cogniterecords elsewhere.</summary>
        public static string DefaultDirectory =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
                ? Path.Combine(MsalCacheHelper.UserRootDirectory, "CogniteRecords")
                : Path.Combine(MsalCacheHelper.UserRootDirectory, ".cogniterecords");

        /// <summary>Opens (creating if needed) the persisted cache in <paramref name="directory"/> (default <see cref="DefaultDirectory"/>).</summary>
        public static async Task<MsalTokenCacheStore> OpenAsync(string? directory = null)
        {
            directory = string.IsNullOrWhiteSpace(directory) ? DefaultDirectory : directory!;
            CreatePrivateDirectory(directory);

            var protectedProperties = new StorageCreationPropertiesBuilder(CacheFileName, directory)
                .WithMacKeyChain(KeyChainService, KeyChainAccount)
                .WithLinuxKeyring("com.cognite.cogniterecords.tokencache", MsalCacheHelper.LinuxKeyRingDefaultCollection,
                    "CogniteRecords token cache", new System.Collections.Generic.KeyValuePair<string, string>("Version", "1"),
                    new System.Collections.Generic.KeyValuePair<string, string>("ProductGroup", "CogniteRecords"))
                .Build();
            var helper = await MsalCacheHelper.CreateAsync(protectedProperties).ConfigureAwait(false);
            try
            {
                helper.VerifyPersistence();
                return new MsalTokenCacheStore(helper, directory, true, null);
            }
            catch (MsalCachePersistenceException) when (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                // No keyring: the cache extension's documented fallback, a plain file; we keep it private to the user.
                var plainProperties = new StorageCreationPropertiesBuilder(CacheFileName, directory).WithLinuxUnprotectedFile().Build();
                var plain = await MsalCacheHelper.CreateAsync(plainProperties).ConfigureAwait(false);
                plain.VerifyPersistence();
                return new MsalTokenCacheStore(plain, directory, false,
                    $"No keyring is available (Secret Service/libsecret), so the sign-in cache is kept unencrypted in '{Path.Combine(directory, CacheFileName)}', readable only by you.");
            }
        }

        /// <summary>Connects the persisted cache to an MSAL application's user token cache.</summary>
        public void Register(ITokenCache cache)
        {
            _helper.RegisterCache(cache);
            RestrictFile(FilePath);
        }

        /// <summary>Deletes the persisted cache (used when signing out).</summary>
        public void Clear()
        {
            // MSAL prefers RemoveAsync per account (the caller does that first when it has an app); this also removes
            // the keyring entry or file when signing out from a session that never built an app.
#pragma warning disable CS0618
            _helper.Clear();
#pragma warning restore CS0618
            if (File.Exists(FilePath)) File.Delete(FilePath);
        }

        internal static void RestrictFile(string path)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;
            if (!File.Exists(path)) File.WriteAllBytes(path, Array.Empty<byte>());
            Chmod(path, 0x180); // 0600
        }

        private static void CreatePrivateDirectory(string directory)
        {
            System.IO.Directory.CreateDirectory(directory);
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) Chmod(directory, 0x1C0); // 0700
        }

        [DllImport("libc", EntryPoint = "chmod", SetLastError = true)]
        private static extern int NativeChmod(string path, uint mode);

        private static void Chmod(string path, uint mode)
        {
            if (NativeChmod(path, mode) != 0)
                throw new IOException($"Could not restrict the permissions of '{path}' (errno {Marshal.GetLastWin32Error()}).");
        }
    }
}
