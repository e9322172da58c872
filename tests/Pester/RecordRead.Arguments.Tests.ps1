#Requires -Version 7.4
# Arguments of the record readers: -AsHashtable on Sync-CdfRecord and Get-CdfRecord, and -InitializeCursor as a point in time.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModules
    $script:emu = Start-CdfEmulator
    New-TestContainer $emu -Space ht -Container c -Properties ([ordered]@{ temperature = 'float64'; at = 'timestamp'; tags = 'text[]' })
    New-TestStream $emu -Stream ht-live
    Add-TestRecord $emu -Stream ht-live -Space ht -Container c -Record @(1..3 | ForEach-Object { @{ ExternalId = "r-$_"; temperature = 20.5 + $_; at = '2026-01-02T03:04:05.678Z'; tags = @('a', "t$_") } })
    Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token 6>$null
}

AfterAll {
    Disconnect-CdfProject -ErrorAction SilentlyContinue
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe '-AsHashtable' {
    It 'Sync-CdfRecord writes ordered hashtables with the flat record''s keys and values' {
        $flat = @(Sync-CdfRecord ht-live -Source ht/c -InitializeCursor 1d-ago)
        $tables = @(Sync-CdfRecord ht-live -Source ht/c -InitializeCursor 1d-ago -AsHashtable)
        $tables.Count | Should -Be 3
        $tables[0] | Should -BeOfType System.Collections.Specialized.OrderedDictionary
        @($tables[0].Keys) | Should -Be @('Space', 'ExternalId', 'Status', 'CreatedTime', 'LastUpdatedTime', 'temperature', 'at', 'tags')
        $tables[0]['externalid'] | Should -Be $flat[0].ExternalId
        $tables[0].temperature | Should -Be $flat[0].temperature
        $tables[0].at | Should -BeOfType System.DateTimeOffset
        $tables[0].at | Should -Be $flat[0].at
        @($tables[0].tags) | Should -Be @($flat[0].tags)
    }

    It 'Sync-CdfRecord -AsHashtable -TimestampFormat Iso8601 gives the timestamps as text' {
        $t = @(Sync-CdfRecord ht-live -Source ht/c -InitializeCursor 1d-ago -AsHashtable -TimestampFormat Iso8601)[0]
        $t.at | Should -Be '2026-01-02T03:04:05.678Z'
        $t.CreatedTime | Should -BeOfType System.String
    }

    It 'Get-CdfRecord writes ordered hashtables' {
        $tables = @(Get-CdfRecord ht-live -Source ht/c -AsHashtable -Sort externalId)
        $tables.Count | Should -Be 3
        @($tables[0].Keys) | Should -Be @('Space', 'ExternalId', 'CreatedTime', 'LastUpdatedTime', 'temperature', 'at', 'tags')
        $tables.ExternalId | Should -Be @('r-1', 'r-2', 'r-3')
        $tables[1].temperature | Should -Be 22.5
    }

    It 'is refused with -Raw before any request (<Command>)' -ForEach @(@{ Command = 'Sync-CdfRecord'; Extra = @{ InitializeCursor = '1d-ago' } }, @{ Command = 'Get-CdfRecord'; Extra = @{} }) {
        Clear-CdfEmulatorRequest -Emulator $emu
        { & $Command ht-live -Source ht/c @Extra -Raw -AsHashtable -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousParameterSet*'
        @(Get-CdfEmulatorRequest -Emulator $emu -Path '/records').Count | Should -Be 0
    }
}

Describe '-InitializeCursor as a point in time' {
    It 'takes a [datetime] and a [DateTimeOffset]' {
        @(Sync-CdfRecord ht-live -Source ht/c -InitializeCursor ((Get-Date).AddHours(-1))).Count | Should -Be 3
        @(Sync-CdfRecord ht-live -Source ht/c -InitializeCursor ([DateTimeOffset]::UtcNow.AddMinutes(-5))).Count | Should -Be 3
    }

    It 'refuses a point in the future' {
        { Sync-CdfRecord ht-live -Source ht/c -InitializeCursor ((Get-Date).AddHours(1)) } | Should -Throw -ExpectedMessage '*past*'
    }
}
