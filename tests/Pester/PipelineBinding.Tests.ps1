#Requires -Version 7.4
# -Stream from the pipeline: stream ids by value, and Get-CdfStream output by property name (its ExternalId).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModules
    $script:emu = Start-CdfEmulator
    New-TestContainer $emu -Space pb -Container c -Properties ([ordered]@{ n = 'int64' })
    foreach ($s in 'pipe-a', 'pipe-b') {
        New-TestStream $emu -Stream $s
        Add-TestRecord $emu -Stream $s -Space pb -Container c -Record @(1..3 | ForEach-Object { @{ ExternalId = "$s-$_"; n = $_ } })
    }
    Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -Quiet
}

AfterAll {
    Disconnect-CdfProject -ErrorAction SilentlyContinue
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe '-Stream from the pipeline' {
    It 'Get-CdfStream takes stream ids by value' {
        $s = @('pipe-a', 'pipe-b' | Get-CdfStream)
        $s.ExternalId | Should -Be @('pipe-a', 'pipe-b')
    }

    It 'Get-CdfRecord takes stream ids by value, and Get-CdfStream output by property name' {
        @('pipe-a', 'pipe-b' | Get-CdfRecord -Source pb/c).Count | Should -Be 6
        $r = @(Get-CdfStream 'pipe-*' | Get-CdfRecord -Source pb/c)
        $r.Count | Should -Be 6
        @($r.ExternalId | Sort-Object) | Should -Be @('pipe-a-1', 'pipe-a-2', 'pipe-a-3', 'pipe-b-1', 'pipe-b-2', 'pipe-b-3')
    }

    It 'checks each piped stream id before its request' {
        { 'Bad Id!' | Get-CdfRecord -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidStream*'
    }
}

Describe '-Stream from the pipeline on Measure-CdfRecord and Remove-CdfStream' {
    It 'Measure-CdfRecord takes stream ids by value and Get-CdfStream output by property name, one result per stream' {
        $byValue = @('pipe-a', 'pipe-b' | Measure-CdfRecord)
        $byValue.Stream | Should -Be @('pipe-a', 'pipe-b')
        @($byValue | ForEach-Object Count) | Should -Be @(3, 3)
        $byName = @(Get-CdfStream 'pipe-*' | Measure-CdfRecord -Property pb/c/n -Sum)
        $byName.Stream | Should -Be @('pipe-a', 'pipe-b')
        $byName.Sum | Should -Be @(6, 6)
    }

    It 'Measure-CdfRecord checks each piped stream id before its request' {
        Clear-CdfEmulatorRequest -Emulator $emu
        { 'pipe-a', 'Bad Id!' | Measure-CdfRecord -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidStream*'
        @(Get-CdfEmulatorRequest -Emulator $emu -Path '/aggregate').Count | Should -Be 1
    }

    It 'Remove-CdfStream takes stream ids by value and Get-CdfStream output by property name' {
        New-TestStream $emu -Stream gone-a
        New-TestStream $emu -Stream gone-b -Template BasicArchive
        'gone-a' | Remove-CdfStream -Confirm:$false -WarningAction SilentlyContinue
        Get-CdfStream gone-b | Remove-CdfStream -Confirm:$false -WarningAction SilentlyContinue
        @(Get-CdfStream 'gone-*').Count | Should -Be 0
    }
}

Describe '-Stream from the pipeline on Sync-CdfRecord' {
    BeforeEach { Clear-CdfSyncState }

    It 'syncs each piped stream in turn, by value and by property name, each with its own kept cursor' {
        @('pipe-a', 'pipe-b' | Sync-CdfRecord -Source pb/c -InitializeCursor 1d-ago).Count | Should -Be 6
        Clear-CdfSyncState
        $r = @(Get-CdfStream 'pipe-*' | Sync-CdfRecord -Source pb/c -InitializeCursor 1d-ago)
        @($r.ExternalId | Sort-Object) | Should -Be @('pipe-a-1', 'pipe-a-2', 'pipe-a-3', 'pipe-b-1', 'pipe-b-2', 'pipe-b-3')
        @(Get-CdfSyncState).Stream | Sort-Object | Should -Be @('pipe-a', 'pipe-b')
        # Both continue from their own cursors: nothing new.
        @(Get-CdfStream 'pipe-*' | Sync-CdfRecord -Source pb/c).Count | Should -Be 0
    }

    It 'counts -First within each piped stream' {
        @('pipe-a', 'pipe-b' | Sync-CdfRecord -Source pb/c -InitializeCursor 1d-ago -First 2).Count | Should -Be 4
    }

    It 'refuses -CheckpointPath with a piped stream, and a bad piped id, before any request' {
        Clear-CdfEmulatorRequest -Emulator $emu
        { 'pipe-a' | Sync-CdfRecord -InitializeCursor 1d-ago -CheckpointPath (Join-Path $TestDrive 'c.json') -ErrorAction Stop } | Should -Throw -ErrorId 'CheckpointWithPipedStream*'
        { 'Bad Id!' | Sync-CdfRecord -InitializeCursor 1d-ago -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidStream*'
        @(Get-CdfEmulatorRequest -Emulator $emu -Path '/records').Count | Should -Be 0
        Test-Path (Join-Path $TestDrive 'c.json') | Should -BeFalse
    }
}
