namespace CogniteRecords.Core.Auth
{
    /// <summary>The sign-in flow chosen from the environment.</summary>
    public enum EnvironmentSignInFlow
    {
        /// <summary>CDF_TOKEN: a ready token.</summary>
        AccessToken,
        /// <summary>Entra ID client credentials through MSAL (IDP_TENANT_ID, or an IDP_TOKEN_URL in Entra ID's shape).</summary>
        EntraClientSecret,
        /// <summary>Client credentials against IDP_TOKEN_URL (Cognite's IdP, Auth0, Keycloak).</summary>
        OidcClientSecret,
    }
}
