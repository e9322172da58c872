# Connect-CdfProject, Get-CdfConnection, Disconnect-CdfProject with -AccessToken and -TokenProvider.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModules
    $script:emu = Start-CdfEmulator -SeedStream 'seeded' -SeedRecords 20 -SeedProperties 3
}

AfterAll {
    Disconnect-CdfProject
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'Connect-CdfProject' {
    BeforeEach { Disconnect-CdfProject; Clear-CdfEmulatorRequest }

    It 'connects with a plain-string token, checks it, and keeps the default connection' {
        $c = Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -PassThru
        $c | Should -BeOfType ([CogniteRecords.CdfConnection])
        $c.Project | Should -Be $emu.Project
        $c.BaseUrl | Should -Be ([uri]$emu.HttpUrl)
        $c.Flow | Should -Be 'AccessToken'
        $c.Identity | Should -Be 'fixed-token'
        @(Get-CdfEmulatorRequest -Path '/token/inspect').Count | Should -Be 1
        Get-CdfConnection | Should -Be $c
        @(Sync-CdfRecord 'seeded' -InitializeCursor 1d-ago).Count | Should -Be 20
    }

    It 'writes nothing to the pipeline without -PassThru' {
        Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token 6>$null | Should -BeNullOrEmpty
        Get-CdfConnection | Should -Not -BeNullOrEmpty
    }

    It 'shows a one-line summary on the host by default; -Quiet drops it, -PassThru writes the object instead' {
        $all = @(Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token 6>&1)
        $all.Count | Should -Be 1
        $all[0] | Should -BeOfType System.Management.Automation.InformationRecord
        $all[0].Tags | Should -Contain 'PSHOST'
        "$($all[0].MessageData)" | Should -BeLike "Connected to project '$($emu.Project)' at $($emu.HttpUrl)* as 'fixed-token' (AccessToken; *cannot be refreshed)."
        "$($all[0].MessageData)" | Should -Not -Match ([regex]::Escape($emu.Token))
        @(Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -Quiet 6>&1).Count | Should -Be 0
        $passed = @(Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -PassThru 6>&1)
        $passed.Count | Should -Be 1
        $passed[0] | Should -BeOfType CogniteRecords.CdfConnection
    }

    It 'takes a SecureString token and shows a JWT''s expiry' {
        $jwt = New-CdfEmulatorToken -Subject 'secure-user' -Lifetime (New-TimeSpan -Minutes 30)
        $c = Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken (ConvertTo-SecureString $jwt -AsPlainText -Force) -PassThru
        $c.Identity | Should -Be 'secure-user'
        $c.TokenExpiresOn | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddMinutes(25))
        $c.CanRefreshToken | Should -BeFalse
    }

    It 'takes a -TokenProvider that sees the session''s variables' {
        $script:provided = 0
        $secret = $emu.Token
        $c = Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -TokenProvider { $script:provided++; ConvertTo-SecureString $secret -AsPlainText -Force } -PassThru
        $c.Flow | Should -Be 'TokenProvider'
        $c.CanRefreshToken | Should -BeTrue
        @(Sync-CdfRecord 'seeded' -InitializeCursor 1d-ago).Count | Should -Be 20
        # An opaque token is kept until a 401: asked once.
        $script:provided | Should -Be 1
    }

    It 'fails clearly when the -TokenProvider returns nothing' {
        { Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -TokenProvider { $null } } | Should -Throw -ExpectedMessage '*returned nothing*'
        Get-CdfConnection | Should -BeNullOrEmpty
    }

    It 'names a -TokenProvider that throws as TokenProviderFailed, with its error' {
        $e = try { Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -TokenProvider { throw 'the vault is down' } } catch { $_ }
        $e.FullyQualifiedErrorId | Should -BeLike 'TokenProviderFailed,*'
        $e.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $e.Exception.Message | Should -BeLike '*the vault is down*'
        Get-CdfConnection | Should -BeNullOrEmpty
    }

    It 'refuses a token with a line break as InvalidToken before any request, without showing it' {
        $e = try { Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken "secret-part`r`nX-Injected: 1" } catch { $_ }
        $e.FullyQualifiedErrorId | Should -BeLike 'InvalidToken,*'
        $e.Exception.Message | Should -Match 'carriage return'
        $e.Exception.Message | Should -Not -Match 'secret-part'
        @(Get-CdfEmulatorRequest).Count | Should -Be 0
    }

    It 'refuses the project name <Label> before any request' -ForEach @(
        @{ Name = '..'; Label = "'..'" }, @{ Name = 'a/b'; Label = "'a/b'" }, @{ Name = ('x' * 5000); Label = 'of 5,000 characters' }
    ) {
        $e = try { Connect-CdfProject -Project $Name -BaseUrl $emu.HttpUrl -AccessToken $emu.Token } catch { $_ }
        $e.FullyQualifiedErrorId | Should -BeLike 'InvalidProject,*'
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Get-CdfEmulatorRequest).Count | Should -Be 0
        Get-CdfConnection | Should -BeNullOrEmpty
    }

    It 'refuses a wrong token as AuthenticationError' {
        $e = try { Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken 'wrong-token' } catch { $_ }
        $e.FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed,*'
        $e.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $e.Exception.StatusCode | Should -Be 401
        Get-CdfConnection | Should -BeNullOrEmpty
    }

    It 'refuses a token that does not reach the project' {
        $other = New-CdfEmulatorToken -Subject 'elsewhere' -Project 'other-project'
        $e = try { Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $other } catch { $_ }
        $e.FullyQualifiedErrorId | Should -BeLike 'ProjectNotReached,*'
        $e.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $e.Exception.Message | Should -Match 'other-project'
    }

    It 'refuses an expired token before any request' {
        $jwt = New-CdfEmulatorToken -Lifetime (New-TimeSpan -Seconds 1)
        Start-Sleep -Milliseconds 1500
        $e = try { Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $jwt } catch { $_ }
        $e.FullyQualifiedErrorId | Should -BeLike 'AccessTokenExpired,*'
        $e.Exception.Message | Should -Match 'expired'
        @(Get-CdfEmulatorRequest).Count | Should -Be 0
    }

    It 'refuses a token over plain http to a host that is not loopback' {
        $e = try { Connect-CdfProject -Project 'p' -BaseUrl 'http://cdf.example.invalid' -AccessToken 'x' } catch { $_ }
        $e.FullyQualifiedErrorId | Should -BeLike 'InsecureUrl,*'
        $e.CategoryInfo.Category | Should -Be 'SecurityError'
    }

    It 'refuses both -Cluster and -BaseUrl, neither, or a bad cluster name' {
        { Connect-CdfProject -Project 'p' -Cluster 'westeurope-1' -BaseUrl $emu.HttpUrl -AccessToken 'x' } | Should -Throw -ErrorId 'ClusterAndBaseUrl,*'
        { Connect-CdfProject -Project 'p' -AccessToken 'x' } | Should -Throw -ErrorId 'NoCluster,*'
        { Connect-CdfProject -Project 'p' -Cluster 'bad cluster!' -AccessToken 'x' } | Should -Throw -ErrorId 'InvalidCluster,*'
    }

    It 'reports a service that cannot be reached as ConnectionError' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $e = try { Connect-CdfProject -Project 'p' -BaseUrl "http://127.0.0.1:$port" -AccessToken 'x' -MaxRetries 1 -RetryDelay '00:00:00.01' } catch { $_ }
        $e.FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed,*'
        $e.CategoryInfo.Category | Should -Be 'ConnectionError'
    }
}

Describe 'Connections side by side and their serializations' {
    It 'serves a sync through -Connection while another is the default, and forgets the default on Disconnect' {
        Clear-CdfSyncState -Confirm:$false
        $a = Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -PassThru
        $b = Connect-CdfProject -Project $emu.Project -BaseUrl "http://localhost:$(([uri]$emu.HttpUrl).Port)" -AccessToken $emu.Token -PassThru
        (Get-CdfConnection).BaseUrl.Host | Should -Be 'localhost'
        @(Sync-CdfRecord 'seeded' -InitializeCursor 1d-ago -Connection $a).Count | Should -Be 20
        # Different base URLs keep different session cursors.
        @(Get-CdfSyncState -Stream 'seeded').Count | Should -Be 1
        @(Sync-CdfRecord 'seeded' -InitializeCursor 1d-ago).Count | Should -Be 20
        @(Get-CdfSyncState -Stream 'seeded').Count | Should -Be 2
        Disconnect-CdfProject
        Get-CdfConnection | Should -BeNullOrEmpty
        Clear-CdfSyncState -Confirm:$false
    }

    It 'shows nothing secret in ToString, format views, ConvertTo-Json or Export-Clixml' {
        $c = Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -PassThru
        $xml = Join-Path $TestDrive 'c.xml'
        $c | Export-Clixml $xml
        $texts = @("$c", ($c | Format-List * -Force | Out-String), ($c | Format-Table | Out-String), ($c | ConvertTo-Json -Depth 6), (Get-Content -Raw $xml))
        foreach ($t in $texts) { $t | Should -Not -Match ([regex]::Escape($emu.Token)) }
        ($c | Format-Table | Out-String) | Should -Match $emu.Project
    }
}
