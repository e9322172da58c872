using System;

namespace CogniteRecords.Core.Auth
{
    /// <summary>What to show a user for a device-code sign-in.</summary>
    public sealed class DeviceCodePrompt
    {
        /// <summary>Creates a prompt.</summary>
        public DeviceCodePrompt(string message, string verificationUrl, string userCode, DateTimeOffset expiresOn)
        {
            Message = message; VerificationUrl = verificationUrl; UserCode = userCode; ExpiresOn = expiresOn;
        }

        /// <summary>The identity provider's instruction text (page and code).</summary>
        public string Message { get; }

        /// <summary>The page where the user enters the code.</summary>
        public string VerificationUrl { get; }

        /// <summary>The code the user enters (not a secret: it is useless without the user's own sign-in).</summary>
        public string UserCode { get; }

        /// <summary>When the code stops working.</summary>
        public DateTimeOffset ExpiresOn { get; }
    }
}
