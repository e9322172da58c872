# Sync-CdfRecord's refusals and failures: checked before any request where possible, specific ErrorIds and
# categories, the API's message and x-request-id, retries through injected faults, and no token anywhere.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModules
    $script:emu = Start-CdfEmulator -SeedStream 'seeded' -SeedRecords 600 -SeedProperties 4
    # Short retry delays so fault tests run fast; the retry count is the default's.
    Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -RetryDelay '00:00:00.010'

    function Get-SyncError {
        # Runs a sync and returns its ErrorRecord (or fails the test when it does not fail).
        param([scriptblock] $Sync)
        try { & $Sync | Out-Null } catch { return $_ }
        throw 'The sync did not fail.'
    }
}

AfterAll {
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'Input refused before any request' {
    BeforeAll { Clear-CdfSyncState -Confirm:$false; Clear-CdfEmulatorFault; Clear-CdfEmulatorRequest }
    AfterAll {
        # None of the refused calls reached the service.
        @(Get-CdfEmulatorRequest).Count | Should -Be 0
    }

    It 'refuses <Name>' -ForEach @(
        @{ Name = 'a stream id with capitals'; Sync = { Sync-CdfRecord 'Bad_Stream' -InitializeCursor 1d-ago }; Id = 'InvalidStreamId' }
        @{ Name = 'a reserved stream id'; Sync = { Sync-CdfRecord 'logs' -InitializeCursor 1d-ago }; Id = 'InvalidStreamId' }
        @{ Name = 'a stream id with a cdf_ prefix'; Sync = { Sync-CdfRecord 'cdf_x' -InitializeCursor 1d-ago }; Id = 'InvalidStreamId' }
        @{ Name = 'an empty stream id'; Sync = { Sync-CdfRecord '' -InitializeCursor 1d-ago }; Id = 'InvalidStreamId' }
        @{ Name = 'a page size of 0'; Sync = { Sync-CdfRecord 'seeded' -InitializeCursor 1d-ago -PageSize 0 }; Id = 'InvalidPageSize' }
        @{ Name = 'a page size of 1001'; Sync = { Sync-CdfRecord 'seeded' -InitializeCursor 1d-ago -Limit 1001 }; Id = 'InvalidPageSize' }
        @{ Name = 'an initial cursor in weeks'; Sync = { Sync-CdfRecord 'seeded' -InitializeCursor '2w-ago' }; Id = 'InvalidInitializeCursor' }
        @{ Name = 'an initial cursor without -ago'; Sync = { Sync-CdfRecord 'seeded' -InitializeCursor '2d' }; Id = 'InvalidInitializeCursor' }
        @{ Name = 'eleven source containers'; Sync = { Sync-CdfRecord 'seeded' -InitializeCursor 1d-ago -Source (1..11 | ForEach-Object { "emulator/c$_" }) }; Id = 'TooManySources' }
        @{ Name = 'a source without a container'; Sync = { Sync-CdfRecord 'seeded' -InitializeCursor 1d-ago -Source 'emulator' }; Id = 'InvalidSource' }
        @{ Name = 'a source with a bad container name'; Sync = { Sync-CdfRecord 'seeded' -InitializeCursor 1d-ago -Source 'emulator/bad-name' }; Id = 'InvalidSource' }
        @{ Name = 'a reserved property'; Sync = { Sync-CdfRecord 'seeded' -InitializeCursor 1d-ago -Source 'emulator/synthetic/externalId' }; Id = 'InvalidSource' }
        @{ Name = 'a hashtable source with an unknown key'; Sync = { Sync-CdfRecord 'seeded' -InitializeCursor 1d-ago -Source @{ Space = 'emulator'; Table = 'x' } }; Id = 'InvalidSource' }
        @{ Name = 'no cursor and no kept cursor'; Sync = { Sync-CdfRecord 'seeded' -Source 'emulator/synthetic' }; Id = 'NoCursor' }
    ) {
        $e = Get-SyncError $Sync
        $e.FullyQualifiedErrorId | Should -Be "$Id,CogniteRecords.Commands.SyncCdfRecordCommand"
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.Exception.Message | Should -Not -BeNullOrEmpty
    }

    It 'says to pass -InitializeCursor when there is no cursor' {
        (Get-SyncError { Sync-CdfRecord 'seeded' }).Exception.Message | Should -Match '-InitializeCursor'
    }

    It 'refuses a negative TimeSpan as the initial cursor' {
        { Sync-CdfRecord 'seeded' -InitializeCursor ([TimeSpan]::FromHours(-1)) } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,*'
    }

    It 'refuses to run without a connection' {
        $saved = Get-CdfConnection
        Disconnect-CdfProject
        try {
            $e = Get-SyncError { Sync-CdfRecord 'seeded' -InitializeCursor 1d-ago }
            $e.FullyQualifiedErrorId | Should -BeLike 'NotConnected,*'
            $e.CategoryInfo.Category | Should -Be 'ConnectionError'
            # -Connection works without a default connection.
            @(Sync-CdfRecord 'seeded' -InitializeCursor 1d-ago -First 5 -Connection $saved).Count | Should -Be 5
        }
        finally { Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -RetryDelay '00:00:00.010' }
        Clear-CdfEmulatorRequest
    }
}

Describe 'Errors from the service' {
    BeforeEach { Clear-CdfSyncState -Confirm:$false; Clear-CdfEmulatorFault; Clear-CdfEmulatorRequest }

    It 'a stream that does not exist is ObjectNotFound with the API message and x-request-id' {
        $e = Get-SyncError { Sync-CdfRecord 'no-such-stream' -InitializeCursor 1d-ago }
        $e.FullyQualifiedErrorId | Should -BeLike 'StreamNotFound,*'
        $e.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $e.Exception.StatusCode | Should -Be 404
        $e.Exception.ApiCode | Should -Be 404
        $logged = @(Get-CdfEmulatorRequest -Path '/records/sync')
        $e.Exception.RequestId | Should -Be $logged[0].requestId
        $e.Exception.Message | Should -Match ([regex]::Escape($logged[0].requestId))
        $e.Exception.Message | Should -Match 'no-such-stream'
    }

    It 'a source container that does not exist is ContainerNotFound, before any sync request' {
        $e = Get-SyncError { Sync-CdfRecord 'seeded' -Source 'emulator/nothere' -InitializeCursor 1d-ago }
        $e.FullyQualifiedErrorId | Should -BeLike 'ContainerNotFound,*'
        $e.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        @(Get-CdfEmulatorRequest -Path '/records/sync').Count | Should -Be 0
    }

    It 'a property the container does not define is PropertyNotFound, naming it' {
        $e = Get-SyncError { Sync-CdfRecord 'seeded' -Source 'emulator/synthetic/nothere' -InitializeCursor 1d-ago }
        $e.FullyQualifiedErrorId | Should -BeLike 'PropertyNotFound,*'
        $e.Exception.Message | Should -Match "'nothere'"
        @(Get-CdfEmulatorRequest -Path '/records/sync').Count | Should -Be 0
    }

    It '<Status> is <Category> (<Id>), not retried' -ForEach @(
        @{ Status = 400; Id = 'InvalidRequest'; Category = 'InvalidArgument' }
        @{ Status = 401; Id = 'AuthenticationFailed'; Category = 'AuthenticationError' }
        @{ Status = 403; Id = 'PermissionDenied'; Category = 'PermissionDenied' }
        @{ Status = 409; Id = 'Conflict'; Category = 'ResourceExists' }
        @{ Status = 422; Id = 'InvalidRequest'; Category = 'InvalidArgument' }
    ) {
        Set-CdfEmulatorFault -Status $Status -Path '/records/sync' | Out-Null
        $e = Get-SyncError { Sync-CdfRecord 'seeded' -InitializeCursor 1d-ago }
        $e.FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $e.CategoryInfo.Category | Should -Be $Category
        $e.Exception.StatusCode | Should -Be $Status
        $e.Exception.RequestId | Should -Not -BeNullOrEmpty
        @(Get-CdfEmulatorRequest -Path '/records/sync').Count | Should -Be 1
        Get-CdfSyncState -Stream 'seeded' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It '<Status> after every retry is <Category> (<Id>)' -ForEach @(
        @{ Status = 429; Id = 'Throttled'; Category = 'LimitsExceeded' }
        @{ Status = 503; Id = 'ServerError'; Category = 'ResourceUnavailable' }
        @{ Status = 408; Id = 'Throttled'; Category = 'LimitsExceeded' }
    ) {
        $c = Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -RetryDelay '00:00:00.001' -MaxRetries 2 -PassThru
        Clear-CdfEmulatorRequest
        Set-CdfEmulatorFault -Status $Status -Path '/records/sync' | Out-Null
        $e = Get-SyncError { Sync-CdfRecord 'seeded' -InitializeCursor 1d-ago -Connection $c }
        $e.FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $e.CategoryInfo.Category | Should -Be $Category
        $e.Exception.Message | Should -Match 'gave up after 3 attempts'
        @(Get-CdfEmulatorRequest -Path '/records/sync').Count | Should -Be 3
    }

    It 'an expired cursor says how to restart, and keeps the cursor rather than skipping anything' {
        @(Sync-CdfRecord 'seeded' -InitializeCursor 1d-ago).Count | Should -Be 600
        $kept = (Get-CdfSyncState -Stream 'seeded').Cursor
        Set-CdfEmulatorConfig -CursorMaxAge '00:00:01' | Out-Null
        try {
            Start-Sleep -Milliseconds 1500
            $e = Get-SyncError { Sync-CdfRecord 'seeded' }
            $e.FullyQualifiedErrorId | Should -BeLike 'CursorExpired,*'
            $e.CategoryInfo.Category | Should -Be 'InvalidOperation'
            $e.Exception.Message | Should -Match 'Cursor has expired'
            $e.ErrorDetails.RecommendedAction | Should -Match '-InitializeCursor'
            (Get-CdfSyncState -Stream 'seeded').Cursor | Should -Be $kept
        }
        finally { Set-CdfEmulatorConfig -NoCursorExpiry | Out-Null }
    }
}

Describe 'Retries' {
    BeforeEach { Clear-CdfSyncState -Confirm:$false; Clear-CdfEmulatorFault; Clear-CdfEmulatorRequest }
    BeforeAll {
        Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -RetryDelay '00:00:00.010'
        $script:clean = @(Sync-CdfRecord 'seeded' -Source 'emulator/synthetic' -InitializeCursor 1d-ago | ForEach-Object { "$($_.ExternalId)|$($_.text0)" })
    }

    It 'retries 429 (with Retry-After), 408, 500, 502, 503, 504, dropped connections and truncated bodies, losing and repeating nothing' {
        Set-CdfEmulatorFault -Path '/records/sync' -Sequence @(
            @{ Status = 429; RetryAfter = 1 }, @{ Kind = 'none' }, @{ Status = 408 }, @{ Kind = 'drop' }, @{ Kind = 'none' },
            @{ Status = 500 }, @{ Status = 502 }, @{ Kind = 'truncate' }, @{ Kind = 'none' }, @{ Status = 503 }, @{ Status = 504 }, @{ Kind = 'none' }
        ) | Out-Null
        $verbose = $null
        $got = @(Sync-CdfRecord 'seeded' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -PageSize 100 -Verbose 4>&1 |
                Tee-Object -Variable all | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] } | ForEach-Object { "$($_.ExternalId)|$($_.text0)" })
        $got.Count | Should -Be 600
        ($got | Sort-Object) | Should -Be ($clean | Sort-Object)
        $retries = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match '^Retry \d+ of \d+' })
        $retries.Count | Should -Be 8
        @(Get-CdfEmulatorRequest -Path '/records/sync' | Where-Object fault).Count | Should -Be 8
    }

    It 'waits as long as Retry-After says' {
        Set-CdfEmulatorFault -Path '/records/sync' -Status 429 -RetryAfter 1 -Count 1 | Out-Null
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        @(Sync-CdfRecord 'seeded' -InitializeCursor 1d-ago -First 10).Count | Should -Be 10
        $watch.Elapsed.TotalMilliseconds | Should -BeGreaterOrEqual 950
    }

    It 'asks a -TokenProvider for a new token once after a 401, then goes on' {
        $script:calls = 0
        $token = $emu.Token
        $c = Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -TokenProvider { $script:calls++; $token } -PassThru
        $script:calls | Should -Be 1
        Set-CdfEmulatorFault -Path '/records/sync' -Status 401 -Count 1 | Out-Null
        @(Sync-CdfRecord 'seeded' -InitializeCursor 1d-ago -Connection $c).Count | Should -Be 600
        $script:calls | Should -Be 2
    }

    It 'survives faults at random (30% 503s) with every record once' {
        Set-CdfEmulatorFault -Path '/records/sync' -Status 503 -Rate 0.3 | Out-Null
        $got = @(Sync-CdfRecord 'seeded' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -PageSize 50 | ForEach-Object { "$($_.ExternalId)|$($_.text0)" })
        ($got | Sort-Object) | Should -Be ($clean | Sort-Object)
    }
}

Describe 'No token in any output' {
    It 'keeps the token out of output, verbose, debug, warning and error streams' {
        Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -RetryDelay '00:00:00.010'
        Clear-CdfSyncState -Confirm:$false
        Clear-CdfEmulatorFault
        Set-CdfEmulatorFault -Path '/records/sync' -Sequence @(@{ Status = 503 }, @{ Kind = 'none' }, @{ Status = 401 }) | Out-Null
        $streams = & {
            try { Sync-CdfRecord 'seeded' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -PageSize 200 -Verbose -Debug } catch { $_ }
            Get-CdfSyncState
            Get-CdfConnection
        } *>&1
        $text = $streams | ForEach-Object { $_ | Format-List * -Force | Out-String -Width 500; "$_" } | Out-String
        $text | Should -Match 'Bearer <redacted>'
        $text | Should -Match 'AuthenticationFailed|401'
        $text | Should -Not -Match ([regex]::Escape($emu.Token))
        (Get-CdfConnection | ConvertTo-Json -Depth 5) | Should -Not -Match ([regex]::Escape($emu.Token))
        Clear-CdfEmulatorFault
    }
}
