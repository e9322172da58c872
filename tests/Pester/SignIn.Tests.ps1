#Requires -Version 7.4
# Connect-CdfProject's sign-in flows through MSAL's real code (and the OIDC token URL flow) against the emulator's HTTPS
# identity provider. .NET reads SSL_CERT_FILE when a process starts, so every flow that talks to the HTTPS identity
# provider runs in a child pwsh started with SSL_CERT_FILE pointing at a bundle of the system CAs and the emulator's
# certificate: TLS validation stays on, and only the test process tree trusts the emulator. Nothing in the product
# knows about the emulator. The browser of the interactive flow is the only part not tested here (see the help page).

BeforeAll {
    $script:module = if ($env:COGNITERECORDS_MODULE) { $env:COGNITERECORDS_MODULE } else { Join-Path $PSScriptRoot '../../out/CogniteRecords/CogniteRecords.psd1' }
    $script:emulatorModule = if ($env:COGNITERECORDS_EMULATOR_MODULE) { $env:COGNITERECORDS_EMULATOR_MODULE } else { Join-Path $PSScriptRoot '../../out/CogniteRecords.Emulator/CogniteRecords.Emulator.psd1' }
    $script:module = (Resolve-Path $module).Path
    $script:emulatorModule = (Resolve-Path $emulatorModule).Path
    Import-Module $module -Force
    Import-Module $emulatorModule -Force

    $script:seedRecords = 120
    $script:emu = Start-CdfEmulator -SeedStream 'signin' -SeedRecords $seedRecords -SeedProperties 3
    $script:work = Join-Path ([System.IO.Path]::GetTempPath()) ('cdf-signin-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory $work | Out-Null
    $script:bundle = New-CdfEmulatorTrustBundle -Path (Join-Path $work 'trust.pem')

    # Secrets are random per run, so finding one in any output cannot be a coincidence.
    function script:New-TestSecret { 'sec-' + [Convert]::ToHexString([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(16)).ToLowerInvariant() }
    $script:secret = New-TestSecret
    Register-CdfEmulatorClient -ClientId 'runbook' -ClientSecret $secret
    $script:oidcSecret = New-TestSecret
    Register-CdfEmulatorClient -ClientId 'oidc-app' -ClientSecret $oidcSecret
    Register-CdfEmulatorClient -ClientId 'device-app'
    Register-CdfEmulatorClient -ClientId 'other-project-app' -ClientSecret $secret -Project 'somewhere-else'
    $script:tenant = 'contoso'
    $script:authority = "$($emu.HttpsUrl)/$tenant"

    # How this pwsh was started (dotnet pwsh.dll, or a pwsh executable): children start the same way.
    $script:pwshExe = (Get-Process -Id $PID).Path
    $script:pwshArgs = if ([System.IO.Path]::GetFileNameWithoutExtension($pwshExe) -eq 'dotnet') { @([Environment]::GetCommandLineArgs()[0]) } else { @() }

    # The prelude of every child script: the module, the emulator's addresses, and a way to hand results back.
    $script:prelude = @'
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module $env:CR_MODULE
Import-Module $env:CR_EMULATOR_MODULE
$emu = $env:CR_EMU | ConvertFrom-Json
function Send-Result($Value) { '##RESULT## ' + ($Value | ConvertTo-Json -Depth 6 -Compress) }
'@

    # Starts a child pwsh that trusts the emulator; its stdout and stderr (every PowerShell stream) are captured.
    function script:Start-Child {
        param([Parameter(Mandatory)][string] $Script, [hashtable] $Environment = @{}, [string] $HomeDirectory)
        $file = Join-Path $work ('child-' + [guid]::NewGuid().ToString('N') + '.ps1')
        Set-Content -Path $file -Value ($prelude + "`n" + $Script)
        $psi = [System.Diagnostics.ProcessStartInfo]::new($pwshExe)
        foreach ($a in @($pwshArgs) + @('-NoProfile', '-NonInteractive', '-File', $file)) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $psi.UseShellExecute = $false
        $psi.Environment['SSL_CERT_FILE'] = $bundle
        $psi.Environment['CR_MODULE'] = $module
        $psi.Environment['CR_EMULATOR_MODULE'] = $emulatorModule
        $psi.Environment['CR_EMU'] = ($emu | Select-Object HttpUrl, HttpsUrl, Project, CertificateFile | ConvertTo-Json -Compress)
        $psi.Environment['CR_AUTHORITY'] = $authority
        # The token cache lives under HOME: each test that signs in as a user gets its own.
        if (-not $HomeDirectory) { $HomeDirectory = Join-Path $work ('home-' + [guid]::NewGuid().ToString('N')) }
        New-Item -ItemType Directory -Force $HomeDirectory | Out-Null
        $psi.Environment['HOME'] = $HomeDirectory
        foreach ($k in $Environment.Keys) { $psi.Environment[$k] = [string]$Environment[$k] }
        $p = [System.Diagnostics.Process]::Start($psi)
        [pscustomobject]@{ Process = $p; Stdout = $p.StandardOutput.ReadToEndAsync(); Stderr = $p.StandardError.ReadToEndAsync() }
    }

    function script:Wait-Child {
        param([Parameter(Mandatory)] $Child, [int] $TimeoutSeconds = 150)
        if (-not $Child.Process.WaitForExit($TimeoutSeconds * 1000)) {
            $Child.Process.Kill($true)
            throw "The child pwsh did not finish within $TimeoutSeconds s. Output so far: $(if ($Child.Stdout.Wait(2000)) { $Child.Stdout.Result })"
        }
        $Child.Process.WaitForExit()
        $out = $Child.Stdout.Result + "`n" + $Child.Stderr.Result
        $line = ($out -split "`r?`n" | Where-Object { $_.StartsWith('##RESULT## ') } | Select-Object -Last 1)
        [pscustomobject]@{
            ExitCode = $Child.Process.ExitCode
            Output   = $out
            Result   = if ($line) { $line.Substring('##RESULT## '.Length) | ConvertFrom-Json } else { $null }
        }
    }

    function script:Invoke-Child {
        param([Parameter(Mandatory)][string] $Script, [hashtable] $Environment = @{}, [string] $HomeDirectory, [int] $TimeoutSeconds = 150)
        $run = Wait-Child (Start-Child -Script $Script -Environment $Environment -HomeDirectory $HomeDirectory) -TimeoutSeconds $TimeoutSeconds
        if ($null -eq $run.Result) { throw "The child pwsh gave no result (exit code $($run.ExitCode)):`n$($run.Output)" }
        $run
    }

    # An issued token is a JWT: its header always starts like this. No output may carry one.
    $script:jwtPattern = 'eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}'

    function script:Get-GoodTokenRequest([string] $ClientId) { @(Get-CdfEmulatorTokenRequest -ClientId $ClientId | Where-Object { -not $_.error }) }
}

AfterAll {
    Disconnect-CdfProject -ErrorAction SilentlyContinue
    if ($script:emu) { Stop-CdfEmulator $script:emu }
    if ($script:work -and (Test-Path $script:work)) { Remove-Item -Recurse -Force $script:work -ErrorAction SilentlyContinue }
}

Describe 'Parameter sets' {
    It 'resolves <Name> without ambiguity (no request: the base URL is refused first)' -TestCases @(
        @{ Name = 'access token'; Params = @{ AccessToken = 'x' } }
        @{ Name = 'token provider'; Params = @{ TokenProvider = { 'x' } } }
        @{ Name = 'client secret'; Params = @{ TenantId = 't'; ClientId = 'c'; ClientSecret = (ConvertTo-SecureString 'x' -AsPlainText -Force) } }
        @{ Name = 'client secret, authority only'; Params = @{ Authority = 'https://login.example/t'; ClientId = 'c'; ClientSecret = (ConvertTo-SecureString 'x' -AsPlainText -Force) } }
        @{ Name = 'credential'; Params = @{ TenantId = 't'; Credential = [pscredential]::new('c', (ConvertTo-SecureString 'x' -AsPlainText -Force)) } }
        @{ Name = 'certificate thumbprint'; Params = @{ TenantId = 't'; ClientId = 'c'; CertificateThumbprint = ('AB' * 20) } }
        @{ Name = 'token URL + secret'; Params = @{ TokenUrl = 'https://idp.example/token'; ClientId = 'c'; ClientSecret = (ConvertTo-SecureString 'x' -AsPlainText -Force); Audience = 'a' } }
        @{ Name = 'token URL + credential'; Params = @{ TokenUrl = 'https://idp.example/token'; Credential = [pscredential]::new('c', (ConvertTo-SecureString 'x' -AsPlainText -Force)); Scope = 's' } }
        @{ Name = 'device code'; Params = @{ DeviceCode = $true; TenantId = 't'; ClientId = 'c' } }
        @{ Name = 'interactive'; Params = @{ Interactive = $true; TenantId = 't'; ClientId = 'c' } }
    ) {
        $err = $null
        try { Connect-CdfProject -Project p -BaseUrl 'http://example.invalid' @Params } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'InsecureUrl,*'
        "$err" | Should -Match 'plain http'
    }

    It 'lists one syntax per flow' {
        $sets = (Get-Command Connect-CdfProject).ParameterSets.Name
        $sets | Should -Be @('Environment', 'AccessToken', 'TokenProvider', 'ClientSecret', 'ClientCredential', 'Certificate',
            'CertificateThumbprint', 'TokenUrlClientSecret', 'TokenUrlCredential', 'DeviceCode', 'Interactive')
        (Get-Command Connect-CdfProject).DefaultParameterSet | Should -Be 'Environment'
    }

    It 'refuses <Name> before any request' -TestCases @(
        @{ Name = 'a missing tenant'; Id = 'MissingTenantId'; Params = @{ ClientId = 'c'; ClientSecret = (ConvertTo-SecureString 'x' -AsPlainText -Force) } }
        @{ Name = 'an http authority'; Id = 'InvalidAuthority'; Params = @{ TenantId = 't'; ClientId = 'c'; ClientSecret = (ConvertTo-SecureString 'x' -AsPlainText -Force); Authority = 'http://127.0.0.1:1/t' } }
        @{ Name = 'an http token URL elsewhere'; Id = 'InsecureTokenUrl'; Params = @{ TokenUrl = 'http://idp.example.invalid/token'; ClientId = 'c'; ClientSecret = (ConvertTo-SecureString 'x' -AsPlainText -Force) } }
        @{ Name = 'an unknown thumbprint'; Id = 'CertificateNotFound'; Params = @{ TenantId = 't'; ClientId = 'c'; CertificateThumbprint = ('0F' * 20) } }
        @{ Name = 'a malformed thumbprint'; Id = 'InvalidThumbprint'; Params = @{ TenantId = 't'; ClientId = 'c'; CertificateThumbprint = 'not-a-thumbprint' } }
        @{ Name = 'an empty credential user'; Id = 'MissingClientId'; Params = @{ TenantId = 't'; Credential = [pscredential]::new(' ', (ConvertTo-SecureString 'x' -AsPlainText -Force)) } }
    ) {
        $before = @(Get-CdfEmulatorTokenRequest).Count
        $inspected = @(Get-CdfEmulatorRequest -Path '/token/inspect').Count
        $err = $null
        try { Connect-CdfProject -Project p -BaseUrl $emu.HttpUrl @Params } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike "$Id,*"
        @(Get-CdfEmulatorTokenRequest).Count | Should -Be $before
        @(Get-CdfEmulatorRequest -Path '/token/inspect').Count | Should -Be $inspected
    }

    It 'without sign-in parameters, names the environment variables it needs' {
        $err = $null
        $saved = @{}
        foreach ($n in 'CDF_CLUSTER', 'CDF_URL', 'CDF_PROJECT', 'IDP_CLIENT_ID', 'IDP_CLIENT_SECRET', 'IDP_TENANT_ID', 'IDP_TOKEN_URL', 'CDF_TOKEN') {
            $saved[$n] = [Environment]::GetEnvironmentVariable($n); [Environment]::SetEnvironmentVariable($n, $null)
        }
        try { Connect-CdfProject } catch { $err = $_ } finally { foreach ($n in $saved.Keys) { [Environment]::SetEnvironmentVariable($n, $saved[$n]) } }
        $err.FullyQualifiedErrorId | Should -BeLike 'EnvironmentSignInIncomplete,*'
        "$err" | Should -Match 'CDF_PROJECT is not set'
        "$err" | Should -Match 'IDP_CLIENT_ID'
    }
}

Describe 'Plain http is refused before any request' {
    It 'refuses a bearer token to <Url>' -TestCases @(
        @{ Url = 'http://example.invalid' }
        @{ Url = 'http://10.1.2.3:8080' }
    ) {
        $before = @(Get-CdfEmulatorTokenRequest).Count
        $err = $null
        # The MSAL flow would ask the (real, reachable) emulator IdP for a token first: it must not.
        try { Connect-CdfProject -Project p -BaseUrl $Url -TenantId $tenant -ClientId runbook -ClientSecret (ConvertTo-SecureString $secret -AsPlainText -Force) -Authority $emu.HttpsUrl } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'InsecureUrl,*'
        $err.CategoryInfo.Category | Should -Be 'SecurityError'
        @(Get-CdfEmulatorTokenRequest).Count | Should -Be $before
        "$err" | Should -Not -Match ([regex]::Escape($secret))
    }

    It 'allows plain http to loopback (<Url>)' -TestCases @(@{ Url = 'http://127.0.0.1' }, @{ Url = 'http://localhost' }) {
        $port = ([uri]$emu.HttpUrl).Port
        $c = Connect-CdfProject -Project $emu.Project -BaseUrl "${Url}:$port" -AccessToken $emu.Token -PassThru
        $c.Flow | Should -Be 'AccessToken'
    }
}

Describe '-AccessToken expiry' {
    It 'warns when the token is close to expiry' {
        $token = New-CdfEmulatorToken -Lifetime (New-TimeSpan -Seconds 120)
        $c = Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $token -PassThru -WarningVariable w -WarningAction SilentlyContinue
        $c.CanRefreshToken | Should -BeFalse
        "$w" | Should -Match 'expires in \d+ seconds'
        "$w" | Should -Not -Match ([regex]::Escape($token))
    }

    It 'says plainly that an expired token has expired' {
        $token = New-CdfEmulatorToken -Lifetime (New-TimeSpan -Seconds 1)
        Start-Sleep -Milliseconds 1500
        $err = $null
        try { Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $token -WarningAction SilentlyContinue } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'AccessTokenExpired,*'
        "$err" | Should -Match 'expired at'
    }

    It 'says plainly that the token expired during a sync' {
        $token = New-CdfEmulatorToken -Lifetime (New-TimeSpan -Seconds 8)
        $c = Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $token -PassThru -WarningAction SilentlyContinue
        # About 24 pages of a second each: the token runs out in the middle.
        $rule = Set-CdfEmulatorFault -Kind latency -LatencyMs 1000 -Path '/records/sync'
        try {
            $err = $null
            $got = 0
            try { Sync-CdfRecord -Connection $c -Stream signin -Source 'emulator/synthetic' -InitializeCursor '1d-ago' -PageSize 5 | ForEach-Object { $got++ } } catch { $err = $_ }
        } finally { Clear-CdfEmulatorFault }
        $got | Should -BeGreaterThan 0
        $got | Should -BeLessThan $seedRecords
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        "$err" | Should -Match 'expired at'
        "$err" | Should -Not -Match ([regex]::Escape($token))
    }
}

Describe 'Entra ID client credentials through MSAL' {
    It 'signs in with -ClientSecret and -Credential, shows no secret or token anywhere, and serializes nothing secret' {
        $run = Invoke-Child -Environment @{ CR_SECRET = $secret } -Script @'
$sec = ConvertTo-SecureString $env:CR_SECRET -AsPlainText -Force
$all = . {
    $c1 = Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -TenantId contoso -Authority $emu.HttpsUrl -ClientId runbook -ClientSecret $sec -PassThru -Verbose -Debug
    $c2 = Connect-CdfProject $emu.Project -BaseUrl $emu.HttpUrl -Authority $env:CR_AUTHORITY -Credential ([pscredential]::new('runbook', $sec)) -PassThru -Verbose -Debug
    Sync-CdfRecord -Stream signin -Source 'emulator/synthetic' -InitializeCursor '1d-ago' -PageSize 50 -Verbose -Debug | Select-Object -First 2 | Out-String
    Get-CdfConnection | Format-Table | Out-String
    Get-CdfConnection | Format-List * | Out-String
    $xml = Join-Path ([IO.Path]::GetTempPath()) ([guid]::NewGuid().ToString('N') + '.xml')
    $c2 | Export-Clixml -Path $xml
    $clixml = Get-Content -Raw $xml
    $clixml
    $json = $c2 | ConvertTo-Json -Depth 5
    $json
    "$c2"
    Write-Information 'done' -InformationAction Continue
} *>&1 | Out-String
$all
$c = Get-CdfConnection
Send-Result @{ Flow = $c.Flow; Identity = $c.Identity; Expires = $c.TokenExpiresOn; Refresh = $c.CanRefreshToken; Text = "$c"
    Json = ($c | ConvertTo-Json); Clixml = $clixml; Table = ($c | Format-Table | Out-String); All = $all; Authority = "$($c.Authority)" }
'@
        $r = $run.Result
        $r.Flow | Should -Be 'ClientSecret'
        $r.Identity | Should -Be 'runbook'
        $r.Refresh | Should -BeTrue
        ([datetimeoffset]$r.Expires) | Should -BeGreaterThan ([datetimeoffset]::UtcNow.AddMinutes(30))
        $r.Authority | Should -Be $authority
        $r.Text | Should -Be "$($emu.Project) at $($emu.HttpUrl)/ (ClientSecret)"
        ($r.Json | ConvertFrom-Json).Project | Should -Be $emu.Project
        $r.Clixml | Should -Match 'ClientSecret'
        $r.Table | Should -Match 'runbook'
        $r.All | Should -Match "Connected to project '$($emu.Project)'.* as 'runbook' \(ClientSecret\)"
        $r.All | Should -Match 'GET .*/token/inspect \(Authorization: Bearer <redacted>\)'
        # No secret and no token in any stream or serialization.
        $run.Output | Should -Not -Match ([regex]::Escape($secret))
        $run.Output | Should -Not -Match $jwtPattern
        $run.Output | Should -Not -Match ([regex]::Escape($emu.Token))
        # Both went through the Entra-style endpoint with the secret in the body, scope {BaseUrl}/.default.
        $requests = Get-GoodTokenRequest runbook
        $requests.Count | Should -BeGreaterOrEqual 2
        $requests[-1].path | Should -Be "/$tenant/oauth2/v2.0/token"
        $requests[-1].clientAuthentication | Should -Be 'client_secret_post'
        $requests[-1].scope | Should -Be "$($emu.HttpUrl)/.default"
    }

    It 'signs in with a certificate (-Certificate, then -CertificateThumbprint from CurrentUser\My)' {
        $rsa = [System.Security.Cryptography.RSA]::Create(2048)
        $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=cogniterecords-test',
            $rsa, [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $cert = $request.CreateSelfSigned([datetimeoffset]::UtcNow.AddMinutes(-5), [datetimeoffset]::UtcNow.AddDays(1))
        Register-CdfEmulatorClient -ClientId 'cert-app' -Certificate $cert
        $pfxPassword = New-TestSecret
        $pfx = Join-Path $work 'client.pfx'
        [IO.File]::WriteAllBytes($pfx, $cert.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pkcs12, $pfxPassword))
        $run = Invoke-Child -Environment @{ CR_PFX = $pfx; CR_PFX_PASSWORD = $pfxPassword; CR_THUMB = $cert.Thumbprint } -Script @'
$flags = [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]::Exportable
$cert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($env:CR_PFX, $env:CR_PFX_PASSWORD, $flags)
$a = Connect-CdfProject $emu.Project -BaseUrl $emu.HttpUrl -TenantId contoso -Authority $emu.HttpsUrl -ClientId cert-app -Certificate $cert -PassThru
# This HOME is the test's own: the user store lives under it.
$store = [System.Security.Cryptography.X509Certificates.X509Store]::new('My', 'CurrentUser')
$store.Open('ReadWrite'); $store.Add($cert); $store.Close()
$b = Connect-CdfProject $emu.Project -BaseUrl $emu.HttpUrl -Authority $env:CR_AUTHORITY -ClientId cert-app -CertificateThumbprint ($env:CR_THUMB.ToLowerInvariant()) -PassThru
Send-Result @{ A = $a.Flow; B = $b.Flow; Identity = $b.Identity }
'@
        $run.Result.A | Should -Be 'ClientCertificate'
        $run.Result.B | Should -Be 'ClientCertificate'
        $run.Result.Identity | Should -Be 'cert-app'
        $requests = Get-GoodTokenRequest cert-app
        $requests.Count | Should -Be 2
        $requests | ForEach-Object { $_.clientAuthentication | Should -Be 'client_assertion' }
        $run.Output | Should -Not -Match ([regex]::Escape($pfxPassword))
    }

    It 'fails with the identity provider''s reason on a wrong secret, and never shows the secret' {
        $wrong = New-TestSecret
        $run = Invoke-Child -Environment @{ CR_SECRET = $wrong } -Script @'
$err = $null
try { Connect-CdfProject $emu.Project -BaseUrl $emu.HttpUrl -Authority $env:CR_AUTHORITY -ClientId runbook -ClientSecret (ConvertTo-SecureString $env:CR_SECRET -AsPlainText -Force) -Verbose -Debug } catch { $err = $_ }
Send-Result @{ Id = $err.FullyQualifiedErrorId; Category = "$($err.CategoryInfo.Category)"; Message = "$err"; Connected = [bool](Get-CdfConnection) }
'@
        $run.Result.Id | Should -BeLike 'SignInFailed,*'
        $run.Result.Category | Should -Be 'AuthenticationError'
        $run.Result.Message | Should -Match "invalid_client: Invalid client secret provided for application 'runbook'"
        $run.Result.Connected | Should -BeFalse
        $run.Output | Should -Not -Match ([regex]::Escape($wrong))
    }

    It 'fails clearly when the token does not reach the project' {
        $run = Invoke-Child -Environment @{ CR_SECRET = $secret } -Script @'
$err = $null
try { Connect-CdfProject $emu.Project -BaseUrl $emu.HttpUrl -Authority $env:CR_AUTHORITY -ClientId other-project-app -ClientSecret (ConvertTo-SecureString $env:CR_SECRET -AsPlainText -Force) } catch { $err = $_ }
Send-Result @{ Id = $err.FullyQualifiedErrorId; Category = "$($err.CategoryInfo.Category)"; Message = "$err" }
'@
        $run.Result.Id | Should -BeLike 'ProjectNotReached,*'
        $run.Result.Category | Should -Be 'PermissionDenied'
        $run.Result.Message | Should -Match "does not reach project '$($emu.Project)'; it reaches: somewhere-else"
        $run.Output | Should -Not -Match ([regex]::Escape($secret))
    }
}

Describe 'Any OIDC identity provider and the environment' {
    It 'signs in against a token URL with an audience (no scope)' {
        $audience = 'https://records.example/api'
        $run = Invoke-Child -Environment @{ CR_SECRET = $oidcSecret; CR_AUDIENCE = $audience } -Script @'
$cred = [pscredential]::new('oidc-app', (ConvertTo-SecureString $env:CR_SECRET -AsPlainText -Force))
$c = Connect-CdfProject $emu.Project -BaseUrl $emu.HttpUrl -TokenUrl "$($emu.HttpsUrl)/oauth2/token" -Credential $cred -Audience $env:CR_AUDIENCE -PassThru -Debug *>&1 | Out-String
$c
$k = Get-CdfConnection
Send-Result @{ Flow = $k.Flow; Identity = $k.Identity; Authority = "$($k.Authority)" }
'@
        $run.Result.Flow | Should -Be 'OidcClientCredentials'
        $run.Result.Identity | Should -Be 'oidc-app'
        $run.Result.Authority | Should -Be "$($emu.HttpsUrl)/oauth2/token"
        $last = (Get-GoodTokenRequest oidc-app)[-1]
        $last.path | Should -Be '/oauth2/token'
        $last.audience | Should -Be $audience
        $last.scope | Should -BeNullOrEmpty
        $run.Output | Should -Not -Match ([regex]::Escape($oidcSecret))
        $run.Output | Should -Not -Match $jwtPattern
    }

    It 'signs in from the toolkit''s environment variables (<Name>)' -TestCases @(
        @{ Name = 'Entra ID token URL, through MSAL'; Flow = 'ClientSecret'; Client = 'runbook'; Path = '/contoso/oauth2/v2.0/token'; Env = { @{ IDP_CLIENT_ID = 'runbook'; IDP_CLIENT_SECRET = $secret; IDP_TOKEN_URL = "$authority/oauth2/v2.0/token" } } }
        @{ Name = 'generic token URL with scopes and audience'; Flow = 'OidcClientCredentials'; Client = 'oidc-app'; Path = '/oauth2/token'; Env = { @{ IDP_CLIENT_ID = 'oidc-app'; IDP_CLIENT_SECRET = $oidcSecret; IDP_TOKEN_URL = "$($emu.HttpsUrl)/oauth2/token"; IDP_SCOPES = 'records:read records:write'; IDP_AUDIENCE = 'aud-x' } } }
    ) {
        $vars = & $Env
        $vars.CDF_URL = $emu.HttpUrl
        $vars.CDF_PROJECT = $emu.Project
        $run = Invoke-Child -Environment $vars -Script @'
Connect-CdfProject -Verbose *>&1 | Out-String
$c = Get-CdfConnection
Send-Result @{ Flow = $c.Flow; Project = $c.Project; Identity = $c.Identity }
'@
        $run.Result.Flow | Should -Be $Flow
        $run.Result.Project | Should -Be $emu.Project
        $run.Result.Identity | Should -Be $Client
        $last = (Get-GoodTokenRequest $Client)[-1]
        $last.path | Should -Be $Path
        if ($vars.IDP_AUDIENCE) { $last.audience | Should -Be 'aud-x'; $last.scope | Should -Be 'records:read records:write' }
        $run.Output | Should -Match 'Signing in from the environment'
        $run.Output | Should -Not -Match ([regex]::Escape($vars.IDP_CLIENT_SECRET))
    }

    It 'takes a ready token from CDF_TOKEN' {
        $run = Invoke-Child -Environment @{ CDF_URL = $emu.HttpUrl; CDF_PROJECT = $emu.Project; CDF_TOKEN = $emu.Token } -Script @'
Connect-CdfProject -Verbose -Debug *>&1 | Out-String
Send-Result @{ Flow = (Get-CdfConnection).Flow }
'@
        $run.Result.Flow | Should -Be 'AccessToken'
        $run.Output | Should -Not -Match ([regex]::Escape($emu.Token))
    }
}

Describe 'Delegated sign-in: device code and the persisted token cache' {
    It 'signs in with a device code shown as a warning, then silently in a new process, then -ClearTokenCache forgets it' {
        $home1 = Join-Path $work 'home-device'
        New-Item -ItemType Directory $home1 | Out-Null
        $connect = @'
$out = Connect-CdfProject $emu.Project -BaseUrl $emu.HttpUrl -Authority $env:CR_AUTHORITY -ClientId device-app -DeviceCode -PassThru 3>&1 | Out-String
$out
$c = Get-CdfConnection
$r = @{ Flow = $c.Flow; Identity = $c.Identity; Warning = $out; Cache = (Test-Path (Join-Path $HOME '.cogniterecords/msal.cache')) }
if ($env:CR_SIGN_OUT) {
    Disconnect-CdfProject -ClearTokenCache
    $r.CacheAfterSignOut = (Test-Path (Join-Path $HOME '.cogniterecords/msal.cache')) -and (Get-Item (Join-Path $HOME '.cogniterecords/msal.cache')).Length -gt 0
    $r.Connected = [bool](Get-CdfConnection)
}
Send-Result $r
'@
        $deviceBefore = @(Get-GoodTokenRequest device-app | Where-Object grantType -match 'device_code').Count
        $child = Start-Child -Script $connect -HomeDirectory $home1
        # The user's part, done while Connect-CdfProject waits in the child.
        $deadline = [datetime]::UtcNow.AddSeconds(90)
        while (-not @(Get-CdfEmulatorDeviceCode -ClientId device-app | Where-Object state -eq 'pending') -and -not $child.Process.HasExited -and [datetime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 200
        }
        if ($child.Process.HasExited) { throw "The child ended before asking for a device code:`n$((Wait-Child $child).Output)" }
        $code = Approve-CdfEmulatorDeviceCode -ClientId device-app -User 'ada@example.com' -TimeoutSeconds 5
        $first = Wait-Child $child
        $first.Result.Flow | Should -Be 'DeviceCode'
        $first.Result.Identity | Should -Be 'ada@example.com'
        $first.Result.Warning | Should -Match "To sign in, use a web browser to open the page .*/devicelogin and enter the code $code"
        $first.Result.Cache | Should -BeTrue
        @(Get-GoodTokenRequest device-app | Where-Object grantType -match 'device_code').Count | Should -Be ($deviceBefore + 1)

        # A new process with the same user profile: silent from the cache, no code shown, nothing to approve.
        $second = Invoke-Child -Script $connect -HomeDirectory $home1 -Environment @{ CR_SIGN_OUT = '1' } -TimeoutSeconds 60
        $second.Result.Flow | Should -Be 'DeviceCode'
        $second.Result.Identity | Should -Be 'ada@example.com'
        $second.Result.Warning | Should -Not -Match 'To sign in'
        @(Get-GoodTokenRequest device-app | Where-Object grantType -match 'device_code').Count | Should -Be ($deviceBefore + 1)
        @(Get-CdfEmulatorDeviceCode -ClientId device-app | Where-Object state -eq 'pending').Count | Should -Be 0
        $second.Result.CacheAfterSignOut | Should -BeFalse
        $second.Result.Connected | Should -BeFalse
        $first.Output + $second.Output | Should -Not -Match $jwtPattern
    }
}

Describe 'Tokens stay fresh for long runs' {
    It 'refreshes before expiry under a sync that outlives several tokens' {
        # Small: 40 s tokens (a refresh every ~10 s) under a ~60 s sync. Large: the issue's 60 s tokens under a ~4 min sync.
        $large = $env:CDF_TEST_SIZE -eq 'Large'
        $lifetime = if ($large) { 60 } else { 40 }
        $pageSize = if ($large) { 1 } else { 2 }
        $latencyMs = if ($large) { 2000 } else { 1000 }
        Set-CdfEmulatorConfig -TokenLifetime (New-TimeSpan -Seconds $lifetime) | Out-Null
        $rule = Set-CdfEmulatorFault -Kind latency -LatencyMs $latencyMs -Path '/records/sync'
        $before = (Get-GoodTokenRequest runbook).Count
        try {
            $run = Invoke-Child -Environment @{ CR_SECRET = $secret; CR_PAGE = $pageSize } -TimeoutSeconds 600 -Script @'
$c = Connect-CdfProject $emu.Project -BaseUrl $emu.HttpUrl -Authority $env:CR_AUTHORITY -ClientId runbook -ClientSecret (ConvertTo-SecureString $env:CR_SECRET -AsPlainText -Force) -PassThru
$watch = [Diagnostics.Stopwatch]::StartNew()
$n = 0; $expiries = [Collections.Generic.HashSet[string]]::new()
Sync-CdfRecord -Stream signin -Source 'emulator/synthetic' -InitializeCursor '1d-ago' -PageSize ([int]$env:CR_PAGE) | ForEach-Object { $n++; $null = $expiries.Add("$($c.TokenExpiresOn)") }
Send-Result @{ Count = $n; Seconds = $watch.Elapsed.TotalSeconds; Tokens = $expiries.Count }
'@
        } finally {
            Clear-CdfEmulatorFault
            Set-CdfEmulatorConfig -TokenLifetime (New-TimeSpan -Hours 1) | Out-Null
        }
        $run.Result.Count | Should -Be $seedRecords
        $run.Result.Seconds | Should -BeGreaterThan ($lifetime + 10)  # outlived the first token
        $issued = (Get-GoodTokenRequest runbook).Count - $before
        Write-Host ("    sync of {0} records took {1:0} s under {2} s tokens: {3} tokens issued" -f $run.Result.Count, $run.Result.Seconds, $lifetime, $issued)
        $issued | Should -BeGreaterOrEqual 3
        $run.Result.Tokens | Should -BeGreaterOrEqual 3
        $run.Output | Should -Not -Match 'error|exception'
    }

    It 'refreshes once for eight parallel syncs on one connection, and once after a 401' {
        Set-CdfEmulatorConfig -TokenLifetime (New-TimeSpan -Seconds 34) | Out-Null
        $run = Invoke-Child -Environment @{ CR_SECRET = $secret } -TimeoutSeconds 300 -Script @'
$c = Connect-CdfProject $emu.Project -BaseUrl $emu.HttpUrl -Authority $env:CR_AUTHORITY -ClientId runbook -ClientSecret (ConvertTo-SecureString $env:CR_SECRET -AsPlainText -Force) -PassThru
# New tokens live an hour; wait until the connection's token is inside the 30 s refresh window.
Set-CdfEmulatorConfig -TokenLifetime (New-TimeSpan -Hours 1) -Emulator $emu | Out-Null
while (($c.TokenExpiresOn - [datetimeoffset]::UtcNow).TotalSeconds -gt 28) { Start-Sleep -Milliseconds 250 }
$count = { @(Get-CdfEmulatorTokenRequest -ClientId runbook -Emulator $emu | Where-Object { -not $_.error }).Count }
$before = & $count
$module = $env:CR_MODULE
$counts = 1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
    Import-Module $using:module
    @(Sync-CdfRecord -Connection $using:c -Stream signin -Source 'emulator/synthetic' -InitializeCursor '1d-ago' -PageSize 40).Count
}
$afterParallel = & $count
# One 401 for a token the API refuses: one new token, and the sync goes on.
Set-CdfEmulatorFault -Status 401 -Count 1 -Path '/records/sync' -Emulator $emu | Out-Null
$one = @(Sync-CdfRecord -Connection $c -Stream signin -Source 'emulator/synthetic' -InitializeCursor '1d-ago' -PageSize 40).Count
$after401 = & $count
Send-Result @{ Counts = @($counts); Parallel = $afterParallel - $before; After401 = $after401 - $afterParallel; One = $one }
'@
        Set-CdfEmulatorConfig -TokenLifetime (New-TimeSpan -Hours 1) | Out-Null
        Clear-CdfEmulatorFault
        $run.Result.Counts | Should -Be (@($seedRecords) * 8)
        $run.Result.Parallel | Should -Be 1
        $run.Result.After401 | Should -Be 1
        $run.Result.One | Should -Be $seedRecords
    }
}
