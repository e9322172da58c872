# One error convention across the cmdlets (issue 19, item 6): a thing that is not there has one ErrorId
# (<Noun>NotFound) in every cmdlet, and the Get-style cmdlets write it as a non-terminating error, as Get-Item
# does, so that -ErrorAction SilentlyContinue works on all of them; a failing -TokenProvider, a refused -Cursor
# and a bad -Sort direction each have their own ErrorId, category and recommended action.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModules
    $script:emu = Start-CdfEmulator -SeedStream 'seeded' -SeedRecords 20
    Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -Quiet

    function script:Get-Terminating {
        param([scriptblock] $Command)
        try { & $Command | Out-Null } catch { return $_ }
        throw 'The command did not stop.'
    }
}

AfterAll {
    Disconnect-CdfProject -ErrorAction SilentlyContinue
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'Not found: one ErrorId per thing, non-terminating in the Get-style cmdlets' {
    It '<Name> writes <Id> (ObjectNotFound) without stopping, and -ErrorAction SilentlyContinue hides it' -ForEach @(
        @{ Name = 'Get-CdfRecord'; Command = { param($EA) Get-CdfRecord 'no-such-stream' -ErrorAction $EA }; Id = 'StreamNotFound'; Action = '*Get-CdfStream*' }
        @{ Name = 'Get-CdfStream'; Command = { param($EA) Get-CdfStream 'no-such-stream' -ErrorAction $EA }; Id = 'StreamNotFound'; Action = '*Get-CdfStream*' }
        @{ Name = 'Get-CdfSpace'; Command = { param($EA) Get-CdfSpace 'no-such-space' -ErrorAction $EA }; Id = 'SpaceNotFound'; Action = $null }
        @{ Name = 'Get-CdfContainer'; Command = { param($EA) Get-CdfContainer 'emulator/nosuch' -ErrorAction $EA }; Id = 'ContainerNotFound'; Action = $null }
        @{ Name = 'Get-CdfSyncState'; Command = { param($EA) Get-CdfSyncState -Stream 'no-such-stream' -ErrorAction $EA }; Id = 'SyncStateNotFound'; Action = '*-InitializeCursor*' }
        @{ Name = 'Get-CdfSyncState -CheckpointPath'; Command = { param($EA) Get-CdfSyncState -CheckpointPath (Join-Path $TestDrive 'none.json') -ErrorAction $EA }; Id = 'CheckpointNotFound'; Action = $null }
        @{ Name = 'Remove-CdfStream'; Command = { param($EA) Remove-CdfStream 'no-such-stream' -Confirm:$false -ErrorAction $EA }; Id = 'StreamNotFound'; Action = '*Get-CdfStream*' }
    ) {
        # Continue: the error is written and the command goes on (it does not throw).
        $all = @(& $Command 'Continue' 2>&1)
        $errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $all.Count | Should -Be 1
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errors[0].Exception.Message | Should -Not -BeNullOrEmpty
        if ($Action) { $errors[0].ErrorDetails.RecommendedAction | Should -BeLike $Action }
        # SilentlyContinue: nothing shown, nothing thrown.
        @(& $Command 'SilentlyContinue' 2>&1).Count | Should -Be 0
        # Stop: it is what the caller catches, with the same id.
        $stopped = try { & $Command 'Stop' | Out-Null; $null } catch { $_ }
        $stopped | Should -Not -BeNullOrEmpty
        $stopped.FullyQualifiedErrorId | Should -BeLike "$Id,*"
    }

    It 'goes on to the next input after a stream that is not there (Get-CdfRecord and Get-CdfStream)' {
        $errors = $null
        $records = @('no-such-stream', 'seeded' | Get-CdfRecord -ErrorVariable errors -ErrorAction SilentlyContinue)
        $records.Count | Should -Be 20
        $errors.Count | Should -Be 1
        $streams = @('no-such-stream', 'seeded' | Get-CdfStream -ErrorAction SilentlyContinue)
        $streams.ExternalId | Should -Be @('seeded')
    }

    It 'a wildcard that matches nothing is no error (Get-CdfSyncState, Get-CdfStream)' {
        $errors = $null
        @(Get-CdfSyncState -Stream 'nothing*' -ErrorVariable errors).Count | Should -Be 0
        @(Get-CdfStream 'nothing*' -ErrorVariable +errors).Count | Should -Be 0
        $errors.Count | Should -Be 0
    }

    It '<Name> stops with the same StreamNotFound (it cannot go on without the stream)' -ForEach @(
        @{ Name = 'Sync-CdfRecord'; Command = { Sync-CdfRecord 'no-such-stream' -InitializeCursor 1d-ago } }
        @{ Name = 'Measure-CdfRecord'; Command = { Measure-CdfRecord 'no-such-stream' } }
        @{ Name = 'Add-CdfRecord'; Command = { @{ ExternalId = 'a' } | Add-CdfRecord 'no-such-stream' -Container 'emulator/synthetic' -Space 'emulator' } }
        @{ Name = 'Remove-CdfRecord'; Command = { Remove-CdfRecord 'no-such-stream' -Space 'emulator' -ExternalId 'a' -Confirm:$false } }
    ) {
        $e = Get-Terminating $Command
        $e.FullyQualifiedErrorId | Should -BeLike 'StreamNotFound,*'
        $e.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $e.Exception.Message | Should -BeLike "*'no-such-stream'*"
        $e.ErrorDetails.RecommendedAction | Should -BeLike '*Get-CdfStream*'
    }
}

Describe 'A failing -TokenProvider' {
    AfterAll { Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token }

    It 'that throws is TokenProviderFailed (AuthenticationError) with its own error inside' {
        $e = Get-Terminating { Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -TokenProvider { throw 'the vault is down' } }
        $e.FullyQualifiedErrorId | Should -BeLike 'TokenProviderFailed,*'
        $e.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $e.Exception.Message | Should -BeLike '*the vault is down*'
        $e.Exception.InnerException | Should -Not -BeNullOrEmpty
        $e.Exception.InnerException.Message | Should -BeLike '*the vault is down*'
        $e.ErrorDetails.RecommendedAction | Should -BeLike '*-TokenProvider*'
    }

    It 'that returns $null is TokenProviderFailed and says it returned nothing' {
        $e = Get-Terminating { Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -TokenProvider { $null } }
        $e.FullyQualifiedErrorId | Should -BeLike 'TokenProviderFailed,*'
        $e.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $e.Exception.Message | Should -BeLike '*returned nothing*'
    }

    It 'that fails later, in another cmdlet, is TokenProviderFailed there too' {
        $script:calls = 0
        $token = $emu.Token
        $c = Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -PassThru -TokenProvider {
            $script:calls++
            if ($script:calls -gt 1) { throw 'the vault went down' }
            $token
        }
        # A 401 makes the cmdlet ask the provider again, which now fails.
        Set-CdfEmulatorFault -Emulator $emu -Status 401 -Count 1 -Path '/streams/seeded' | Out-Null
        try {
            $e = Get-Terminating { Get-CdfStream 'seeded' -Connection $c }
        }
        finally { Clear-CdfEmulatorFault -Emulator $emu }
        $e.FullyQualifiedErrorId | Should -BeLike 'TokenProviderFailed,*'
        $e.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $e.Exception.InnerException.Message | Should -BeLike '*the vault went down*'
    }
}

Describe 'A refused -Cursor' {
    BeforeEach { Clear-CdfSyncState -Confirm:$false }

    It 'a cursor the service refuses is InvalidCursor (InvalidArgument), saying what to do' {
        $e = Get-Terminating { Sync-CdfRecord 'seeded' -Cursor 'not-a-cursor-of-this-stream' }
        $e.FullyQualifiedErrorId | Should -BeLike 'InvalidCursor,*'
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.Exception.Message | Should -BeLike "*cursor*'seeded'*"
        $e.ErrorDetails.RecommendedAction | Should -BeLike '*-InitializeCursor*'
    }

    It 'a cursor no service could take is InvalidCursor before any request' {
        Clear-CdfEmulatorRequest -Emulator $emu
        $e = Get-Terminating { Sync-CdfRecord 'seeded' -Cursor ('x' * 100001) }
        $e.FullyQualifiedErrorId | Should -BeLike 'InvalidCursor,*'
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Get-CdfEmulatorRequest -Emulator $emu).Count | Should -Be 0
    }
}

Describe 'A -Sort with a direction that is not one' {
    It 'names the allowed directions and suggests the full property path' {
        Clear-CdfEmulatorRequest -Emulator $emu
        $e = Get-Terminating { Get-CdfRecord 'seeded' -Source 'emulator/synthetic' -Sort 'x:down' }
        $e.FullyQualifiedErrorId | Should -BeLike 'InvalidSort,*'
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.Exception.Message | Should -BeLike "*'down'*"
        $e.Exception.Message | Should -BeLike "*':asc'*':desc'*"
        $e.Exception.Message | Should -BeLike "*'emulator/synthetic/x:desc'*"
        @(Get-CdfEmulatorRequest -Emulator $emu).Count | Should -Be 0
    }

    It 'a bare property name is answered with its full path' {
        $e = Get-Terminating { Get-CdfRecord 'seeded' -Source 'emulator/synthetic' -Sort 'x' }
        $e.FullyQualifiedErrorId | Should -BeLike 'InvalidSort,*'
        $e.Exception.Message | Should -BeLike "*'emulator/synthetic/x'*"
    }
}
