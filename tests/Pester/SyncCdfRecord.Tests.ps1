# Sync-CdfRecord against the emulator: counts, columns, values, CSV, session cursors, -First, stopping, -Raw.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModules
    $script:emu = Start-CdfEmulator -SeedStream 'seeded' -SeedRecords 2500 -SeedProperties 8
    Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -Quiet
    $script:seededColumns = @((Invoke-TestApi $emu -Path 'models/containers/byids' -Body @{ items = @(@{ space = 'emulator'; externalId = 'synthetic' }) }).items[0].properties.PSObject.Properties.Name)

    # A stream whose container has every value type.
    New-TestContainer $emu -Space 'typed' -Container 'all' -Properties ([ordered]@{
            name = 'text'; count = 'int64'; small = 'int32'; temperature = 'float64'; ratio = 'float32'; ok = 'boolean'
            when = 'timestamp'; day = 'date'; meta = 'json'; tags = 'text[]'; numbers = 'int64[]'; status = 'text'
        })
    New-TestStream $emu -Stream 'typed'
    $script:typedRecords = 1..30 | ForEach-Object {
        @{ ExternalId = "t$_"; name = "name $_, with ""quotes"""; count = 9000000000 + $_; small = $_; temperature = 20.25 + $_; ratio = 0.5; ok = ($_ % 2 -eq 0)
            when = '2024-07-10T12:00:00.123Z'; day = '2024-07-10'; meta = @{ k = $_; nested = @{ list = @(1, 'two') } }; tags = @('a', "b$_"); numbers = @(1, 2, $_); status = 'fine' }
    }
    Add-TestRecord $emu -Stream 'typed' -Space 'typed' -Container 'all' -Record $typedRecords
}

AfterAll {
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'Sync-CdfRecord output' {
    BeforeAll {
        Clear-CdfSyncState -Confirm:$false
        $script:seeded = @(Sync-CdfRecord 'seeded' -Source 'emulator/synthetic' -InitializeCursor 1d-ago)
    }

    It 'reads every record of the stream once' {
        $seeded.Count | Should -Be 2500
        @($seeded.ExternalId | Sort-Object -Unique).Count | Should -Be 2500
    }

    It 'writes flat records with the record fields, then every container property, on every record' {
        $expected = @('Space', 'ExternalId', 'Status', 'CreatedTime', 'LastUpdatedTime') + $seededColumns
        $seeded[0].PSObject.Properties.Name | Should -Be $expected
        $seeded[-1].PSObject.Properties.Name | Should -Be $expected
        $seeded[0] | Should -BeOfType ([CogniteRecords.SyncRecord])
        $seeded[0].Status | Should -Be 'created'
        $seeded[0].Space | Should -Be 'emulator'
    }

    It 'gives UTC DateTimeOffsets for the record times' {
        $seeded[0].CreatedTime | Should -BeOfType [DateTimeOffset]
        $seeded[0].LastUpdatedTime.Offset | Should -Be ([TimeSpan]::Zero)
        $seeded[0].CreatedTime.Year | Should -BeGreaterThan 2020
    }

    It 'converts values by the container property types' {
        $r = Sync-CdfRecord 'typed' -Source 'typed/all' -InitializeCursor 1d-ago | Where-Object ExternalId -EQ 't7'
        $r.name | Should -Be 'name 7, with "quotes"'
        $r.count | Should -BeOfType [long]
        $r.count | Should -Be 9000000007
        $r.small | Should -BeOfType [int]
        $r.temperature | Should -Be 27.25
        $r.ok | Should -BeOfType [bool]
        $r.ok | Should -BeFalse
        $r.when | Should -BeOfType [DateTimeOffset]
        $r.when | Should -Be ([DateTimeOffset]::new(2024, 7, 10, 12, 0, 0, 123, [TimeSpan]::Zero))
        $r.day | Should -BeOfType [DateTime]
        $r.day | Should -Be ([DateTime]::new(2024, 7, 10))
        $r.meta.k | Should -Be 7
        $r.meta.nested.list[1] | Should -Be 'two'
        $r.tags[1] | Should -Be 'b7'
        $r.tags -contains 'a' | Should -BeTrue
        $r.numbers.Count | Should -Be 3
        # 'status' clashes with the record's Status: qualified by its container.
        $r.'all.status' | Should -Be 'fine'
        $r.Status | Should -Be 'created'
    }

    It 'round-trips through Export-Csv and Import-Csv, lists and objects as compact JSON' {
        $csv = Join-Path $TestDrive 'typed.csv'
        Sync-CdfRecord 'typed' -Source 'typed/all' -InitializeCursor 1d-ago | Export-Csv -Path $csv
        $rows = @(Import-Csv $csv)
        $rows.Count | Should -Be 30
        $rows[0].PSObject.Properties.Name | Should -Be @('Space', 'ExternalId', 'Status', 'CreatedTime', 'LastUpdatedTime', 'name', 'count', 'small', 'temperature', 'ratio', 'ok', 'when', 'day', 'meta', 'tags', 'numbers', 'all.status')
        $row = $rows | Where-Object ExternalId -EQ 't3'
        $row.tags | Should -Be '["a","b3"]'
        $row.numbers | Should -Be '[1,2,3]'
        ($row.meta | ConvertFrom-Json).nested.list[1] | Should -Be 'two'
        $row.count | Should -Be '9000000003'
        $row.name | Should -Be 'name 3, with "quotes"'
        Get-Content -Raw $csv | Should -Not -Match 'System\.|CogniteRecords\.'
    }

    It 'writes the seeded stream to CSV with every value' {
        $csv = Join-Path $TestDrive 'seeded.csv'
        $seeded | Export-Csv -Path $csv
        $rows = @(Import-Csv $csv)
        $rows.Count | Should -Be 2500
        $rows[5].ExternalId | Should -Be $seeded[5].ExternalId
        Get-Content -Raw $csv | Should -Not -Match 'System\.'
    }

    It 'writes -Raw items in the API nested shape' {
        $raw = @(Sync-CdfRecord 'typed' -Source 'typed/all' -InitializeCursor 1d-ago -Raw)
        $raw.Count | Should -Be 30
        $t5 = $raw | Where-Object externalId -EQ 't5'
        $t5.properties.typed.all.count | Should -Be 9000000005
        $t5.properties.typed.all.tags[1] | Should -Be 'b5'
        $t5 | Should -BeOfType ([CogniteRecords.RawSyncRecord])
        $t5.createdTime | Should -BeOfType [long]
        $t5.status | Should -Be 'created'
        ($t5 | ConvertTo-Json -Depth 10 -Compress) | Should -Match '"properties":\{"typed":\{"all":\{'
    }

    It 'merges several properties of one container and takes hashtable sources' {
        $a = @(Sync-CdfRecord 'typed' -Source 'typed/all/name', 'typed/all/count' -InitializeCursor 1d-ago)
        $a[0].PSObject.Properties.Name | Should -Be @('Space', 'ExternalId', 'Status', 'CreatedTime', 'LastUpdatedTime', 'name', 'count')
        $b = @(Sync-CdfRecord 'typed' -Source @{ Space = 'typed'; Container = 'all'; Properties = 'ok', 'tags' } -InitializeCursor 1d-ago)
        $b[0].PSObject.Properties.Name | Should -Be @('Space', 'ExternalId', 'Status', 'CreatedTime', 'LastUpdatedTime', 'ok', 'tags')
        $b.Count | Should -Be 30
        $body = @(Get-SyncRequestBody 'typed')[-1]
        $body.sources[0].properties | Should -Be @('ok', 'tags')
    }

    It 'gives only the record fields without -Source' {
        $r = @(Sync-CdfRecord 'typed' -InitializeCursor 1d-ago)
        $r.Count | Should -Be 30
        $r[0].PSObject.Properties.Name | Should -Be @('Space', 'ExternalId', 'Status', 'CreatedTime', 'LastUpdatedTime')
    }

    It 'shows records as a table by default' {
        $text = $seeded | Select-Object -First 3 | Out-String -Width 200
        $text | Should -Match 'ExternalId'
        $text | Should -Match 'Properties'
        $text | Should -Match ([regex]::Escape($seeded[0].ExternalId))
    }

    It 'takes a TimeSpan for -InitializeCursor and sends it in the API form (36h-ago)' {
        Clear-CdfEmulatorRequest
        $r = @(Sync-CdfRecord 'typed' -InitializeCursor ([TimeSpan]::FromHours(36)) -PageSize 10)
        $r.Count | Should -Be 30
        (Get-SyncRequestBody 'typed')[0].initializeCursor | Should -Be '36h-ago'
    }

    It 'reads every record when the API sends short pages (hasNext with fewer items than asked)' {
        Set-CdfEmulatorConfig -PageBytes 20000 | Out-Null
        try {
            Clear-CdfEmulatorRequest
            $r = @(Sync-CdfRecord 'seeded' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -PageSize 1000)
            $r.Count | Should -Be 2500
            @($r.ExternalId | Sort-Object -Unique).Count | Should -Be 2500
            @(Get-SyncRequestBody 'seeded').Count | Should -BeGreaterThan 3
        }
        finally { Set-CdfEmulatorConfig -PageBytes 10485760 | Out-Null }
    }
}

Describe '-TimestampFormat Iso8601: Export-Csv keeps timestamps and dates whole' {
    BeforeAll {
        $script:typedOnes = @(Sync-CdfRecord 'typed' -Source 'typed/all' -InitializeCursor 1d-ago)
        function script:Use-Culture([string] $Name, [scriptblock] $Script) {
            $culture = [System.Globalization.CultureInfo]::CurrentCulture
            try { [System.Globalization.CultureInfo]::CurrentCulture = $Name; & $Script }
            finally { [System.Globalization.CultureInfo]::CurrentCulture = $culture }
        }
    }

    It 'under <_>: every timestamp with its milliseconds, dates as yyyy-MM-dd, read back the same by Add-CdfRecord' -ForEach @('en-US', 'de-DE') {
        $culture = $_
        $csv = Join-Path $TestDrive "iso-$culture.csv"
        $plain = Join-Path $TestDrive "plain-$culture.csv"
        $copy = 'iso-' + $culture.ToLowerInvariant()
        New-TestStream $emu -Stream $copy
        Use-Culture $culture {
            Sync-CdfRecord 'typed' -Source 'typed/all' -InitializeCursor 1d-ago | Export-Csv $plain
            Sync-CdfRecord 'typed' -Source 'typed/all' -InitializeCursor 1d-ago -TimestampFormat Iso8601 | Export-Csv $csv
            Import-Csv $csv | Add-CdfRecord -Stream $copy -Container 'typed/all'
        }
        # The pitfall this switch is for: without it the culture's format drops the milliseconds.
        (Import-Csv $plain | Where-Object ExternalId -EQ 't7').when | Should -Not -Match '\.123'

        $rows = @(Import-Csv $csv)
        $rows.Count | Should -Be 30
        foreach ($o in $typedOnes) {
            $row = $rows | Where-Object ExternalId -CEQ $o.ExternalId
            $row.when | Should -BeExactly '2024-07-10T12:00:00.123Z'
            $row.day | Should -BeExactly '2024-07-10'
            $row.CreatedTime | Should -BeExactly $o.CreatedTime.UtcDateTime.ToString('yyyy-MM-ddTHH:mm:ss.fffZ', [cultureinfo]::InvariantCulture)
            $row.LastUpdatedTime | Should -BeExactly $o.LastUpdatedTime.UtcDateTime.ToString('yyyy-MM-ddTHH:mm:ss.fffZ', [cultureinfo]::InvariantCulture)
        }
        $back = @(Sync-CdfRecord $copy -Source 'typed/all' -InitializeCursor 1d-ago)
        $back.Count | Should -Be 30
        foreach ($o in $typedOnes) {
            $b = $back | Where-Object ExternalId -CEQ $o.ExternalId
            $b.when | Should -Be $o.when
            $b.day | Should -Be $o.day
            $b.temperature | Should -Be $o.temperature
            $b.count | Should -Be $o.count
        }
    }

    It 'gives text properties while the records stay the same for Export-CdfRecord and the table view' {
        $iso = @(Sync-CdfRecord 'typed' -Source 'typed/all' -InitializeCursor 1d-ago -TimestampFormat Iso8601)
        $r = $iso | Where-Object ExternalId -EQ 't7'
        $r.when | Should -BeOfType [string]
        $r.day | Should -BeExactly '2024-07-10'
        $r.CreatedTime | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$'
        $r.count | Should -BeOfType [long]
        $r.tags.ToString() | Should -Be '["a","b7"]'
        $r | Should -BeOfType ([CogniteRecords.SyncRecord])
        # Set from text, as the text reads back.
        $r.LastUpdatedTime = '2025-01-02T03:04:05.678Z'
        $r.LastUpdatedTime | Should -BeExactly '2025-01-02T03:04:05.678Z'
        ($iso | Select-Object -First 2 | Out-String -Width 200) | Should -Match '\d{4}-\d\d-\d\d \d\d:\d\d:\d\d'
        $a = Join-Path $TestDrive 'iso-export.csv'
        $b = Join-Path $TestDrive 'default-export.csv'
        $iso | Where-Object ExternalId -NE 't7' | Export-CdfRecord $a
        $typedOnes | Where-Object ExternalId -NE 't7' | Export-CdfRecord $b
        Get-Content -Raw $a | Should -BeExactly (Get-Content -Raw $b)
    }

    It 'is refused with -Raw before any request' {
        Clear-CdfEmulatorRequest
        { Sync-CdfRecord 'typed' -Source 'typed/all' -InitializeCursor 1d-ago -Raw -TimestampFormat Iso8601 } |
            Should -Throw -ErrorId 'TimestampFormatWithRaw*' -ExpectedMessage '*-Raw*'
        @(Get-CdfEmulatorRequest).Count | Should -Be 0
    }
}

Describe 'Changes: updates and tombstones' {
    BeforeAll {
        New-TestStream $emu -Stream 'changes'
        Add-TestRecord $emu -Stream 'changes' -Space 'typed' -Container 'all' -Record (1..5 | ForEach-Object { @{ ExternalId = "c$_"; name = "v1-$_"; tags = @('x') } })
        Clear-CdfSyncState -Confirm:$false
        $script:first = @(Sync-CdfRecord 'changes' -Source 'typed/all/name', 'typed/all/tags' -InitializeCursor 1d-ago)
    }

    It 'reads only the changes on the next sync, with their status' {
        $first.Count | Should -Be 5
        Add-TestRecord $emu -Stream 'changes' -Space 'typed' -Container 'all' -Record @{ ExternalId = 'c2'; name = 'v2-2' } -Upsert
        Remove-TestRecord $emu -Stream 'changes' -Space 'typed' -ExternalId 'c4'
        $next = @(Sync-CdfRecord 'changes' -Source 'typed/all/name', 'typed/all/tags')
        $next.Count | Should -Be 2
        $updated = $next | Where-Object ExternalId -EQ 'c2'
        $updated.Status | Should -Be 'updated'
        $updated.name | Should -Be 'v2-2'
        $deleted = $next | Where-Object ExternalId -EQ 'c4'
        $deleted.Status | Should -Be 'deleted'
        # A tombstone has the same columns, empty.
        $deleted.PSObject.Properties.Name | Should -Be $updated.PSObject.Properties.Name
        $deleted.name | Should -BeNullOrEmpty
        $deleted.tags | Should -BeNullOrEmpty
    }
}

Describe 'Session cursor' {
    BeforeAll {
        New-TestStream $emu -Stream 'session'
        Add-TestRecord $emu -Stream 'session' -Space 'typed' -Container 'all' -Record (1..250 | ForEach-Object { @{ ExternalId = "s$_"; count = $_ } })
    }
    BeforeEach { Clear-CdfSyncState -Confirm:$false }

    It 'continues from the kept cursor and reads only what was added since' {
        @(Sync-CdfRecord 'session' -Source 'typed/all/count' -InitializeCursor 1d-ago).Count | Should -Be 250
        @(Sync-CdfRecord 'session' -Source 'typed/all/count').Count | Should -Be 0
        Add-TestRecord $emu -Stream 'session' -Space 'typed' -Container 'all' -Record (251..255 | ForEach-Object { @{ ExternalId = "s$_"; count = $_ } })
        Clear-CdfEmulatorRequest
        $new = @(Sync-CdfRecord 'session' -Source 'typed/all/count')
        ($new.ExternalId | Sort-Object) | Should -Be @('s251', 's252', 's253', 's254', 's255')
        (Get-SyncRequestBody 'session')[0].PSObject.Properties.Name | Should -Contain 'cursor'
        # An explicit -InitializeCursor restarts from there.
        @(Sync-CdfRecord 'session' -Source 'typed/all/count' -InitializeCursor 1d-ago).Count | Should -Be 255
    }

    It 'shows the kept state and forgets it' {
        @(Sync-CdfRecord 'session' -Source 'typed/all/count' -InitializeCursor 1d-ago -PageSize 100).Count | Should -BeGreaterOrEqual 250
        $state = Get-CdfSyncState -Stream 'session'
        $state.Project | Should -Be $emu.Project
        $state.Stream | Should -Be 'session'
        $state.CaughtUp | Should -BeTrue
        $state.RecordsRead | Should -BeGreaterOrEqual 250
        $state.PagesRead | Should -BeGreaterOrEqual 3
        $state.Cursor | Should -Not -BeNullOrEmpty
        $state.LastSyncTime | Should -BeOfType [DateTimeOffset]
        (Get-CdfSyncState | Out-String) | Should -Match 'session'
        Get-CdfSyncState -Stream 'nothing*' | Should -BeNullOrEmpty
        Clear-CdfSyncState -Stream 'session' -WhatIf
        Get-CdfSyncState -Stream 'session' | Should -Not -BeNullOrEmpty
        Get-CdfSyncState -Stream 'session' | Clear-CdfSyncState -Confirm:$false
        Get-CdfSyncState -Stream 'session' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        { Sync-CdfRecord 'session' -Source 'typed/all/count' } | Should -Throw -ErrorId 'NoCursor,*'
    }

    It 'keys the cursor by sources and filter: another selection starts on its own' {
        @(Sync-CdfRecord 'session' -Source 'typed/all/count' -InitializeCursor 1d-ago).Count | Should -BeGreaterOrEqual 250
        { Sync-CdfRecord 'session' -Source 'typed/all/name' } | Should -Throw -ErrorId 'NoCursor,*'
        # The same sources in another order are the same key.
        @(Sync-CdfRecord 'session' -Source 'typed/all/count', 'typed/all/name' -InitializeCursor 1d-ago).Count | Should -BeGreaterOrEqual 250
        @(Sync-CdfRecord 'session' -Source 'typed/all/name', 'typed/all/count').Count | Should -Be 0
    }

    It 'resumes from a -Cursor given explicitly' {
        $null = Sync-CdfRecord 'session' -Source 'typed/all/count' -InitializeCursor 1d-ago -First 100 -PageSize 100
        $cursor = (Get-CdfSyncState -Stream 'session').Cursor
        Clear-CdfSyncState -Confirm:$false
        $rest = @(Sync-CdfRecord 'session' -Source 'typed/all/count' -Cursor $cursor)
        $rest.Count | Should -Be 155
        (Get-CdfSyncState -Stream 'session').Cursor | Should -Not -Be $cursor
    }
}

Describe '-First, -Skip and stopping' {
    BeforeEach { Clear-CdfSyncState -Confirm:$false; Clear-CdfEmulatorRequest }

    It '-First is exact: the last request asks for only what is still wanted' {
        $a = @(Sync-CdfRecord 'seeded' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -First 1500 -PageSize 1000)
        $a.Count | Should -Be 1500
        (Get-SyncRequestBody 'seeded').limit | Should -Be @(1000, 500)
        (Get-CdfSyncState -Stream 'seeded').CaughtUp | Should -BeFalse
        $b = @(Sync-CdfRecord 'seeded' -Source 'emulator/synthetic')
        $b.Count | Should -Be 1000
        # Together: every record once, nothing lost, nothing repeated.
        @(($a + $b).ExternalId | Sort-Object -Unique).Count | Should -Be 2500
    }

    It '-First 0 writes nothing and sends nothing' {
        @(Sync-CdfRecord 'seeded' -InitializeCursor 1d-ago -First 0).Count | Should -Be 0
        @(Get-SyncRequestBody 'seeded').Count | Should -Be 0
    }

    It '-Skip leaves out the first records' {
        $all = @(Sync-CdfRecord 'typed' -InitializeCursor 1d-ago -First 10)
        Clear-CdfSyncState -Confirm:$false
        $skipped = @(Sync-CdfRecord 'typed' -InitializeCursor 1d-ago -Skip 4 -First 6)
        $skipped.ExternalId | Should -Be $all[4..9].ExternalId
    }

    It 'a downstream Select-Object -First keeps the cursor at the last page written whole, so nothing is lost' {
        $a = @(Sync-CdfRecord 'seeded' -Source 'emulator/synthetic' -InitializeCursor 1d-ago -PageSize 100 | Select-Object -First 250)
        $a.Count | Should -Be 250
        $state = Get-CdfSyncState -Stream 'seeded'
        # Pages 1 and 2 were written whole; page 3 was cut after 50 records and not committed.
        $state.RecordsRead | Should -Be 200
        $b = @(Sync-CdfRecord 'seeded' -Source 'emulator/synthetic' -PageSize 1000)
        $b.Count | Should -Be 2300
        $ids = @(($a + $b).ExternalId)
        @($ids | Sort-Object -Unique).Count | Should -Be 2500
        # At-least-once: the records of the cut page come again, no more.
        ($ids.Count - 2500) | Should -Be 50
    }

    It 'stopping inside the first page commits nothing' {
        $a = @(Sync-CdfRecord 'seeded' -InitializeCursor 1d-ago -PageSize 100 | Select-Object -First 10)
        $a.Count | Should -Be 10
        Get-CdfSyncState -Stream 'seeded' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'a stopped pipeline (Ctrl+C) ends promptly and keeps the cursor of the last whole page' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($module, $url, $project, $token)
                    Import-Module $module
                    Connect-CdfProject -Project $project -BaseUrl $url -AccessToken $token
                    Sync-CdfRecord 'seeded' -InitializeCursor 1d-ago -PageSize 100 | ForEach-Object { Start-Sleep -Milliseconds 2; $_ }
                }).AddArgument((Get-Module CogniteRecords).Path.Replace('.dll', '.psd1')).AddArgument($emu.HttpUrl).AddArgument($emu.Project).AddArgument($emu.Token)
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $async = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while ($output.Count -lt 350 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            $output.Count | Should -BeGreaterOrEqual 350
            $ps.Stop()
            $async.IsCompleted | Should -BeTrue
            $written = $output.Count
            $written | Should -BeLessThan 2500
            $ps.Commands.Clear()
            $state = $ps.AddScript({ Get-CdfSyncState -Stream 'seeded' }).Invoke()[0]
            # Committed: whole pages only, all of them written.
            $state.RecordsRead % 100 | Should -Be 0
            $state.RecordsRead | Should -BeLessOrEqual $written
            $state.RecordsRead | Should -BeGreaterThan ($written - 200)
        }
        finally { $ps.Dispose() }
    }
}

Describe 'Verbose and debug output' {
    It 'tells each page under -Verbose' {
        Clear-CdfSyncState -Confirm:$false
        $verbose = Sync-CdfRecord 'seeded' -InitializeCursor 1d-ago -PageSize 1000 -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $pages = @($verbose | Where-Object Message -Match '^Page \d+: \d+ records, [\d,]+ bytes in [\d,]+ ms; caught up: (yes|no)\.$')
        $pages.Count | Should -Be 3
        $pages[-1].Message | Should -Match 'caught up: yes'
        $pages[0].Message | Should -Match 'caught up: no'
    }

    It 'shows each request and response status under -Debug, the token redacted' {
        Clear-CdfSyncState -Confirm:$false
        $debug = @(Sync-CdfRecord 'typed' -Source 'typed/all' -InitializeCursor 1d-ago -Debug 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] })
        ($debug.Message -match '^POST .*/records/sync \(Authorization: Bearer <redacted>\)').Count | Should -Be 1
        ($debug.Message -match '^POST .*/models/containers/byids').Count | Should -Be 1
        ($debug.Message -match '^200 OK in \d+ ms \(x-request-id: .+\)$').Count | Should -Be 2
        ($debug.Message -join "`n") | Should -Not -Match ([regex]::Escape($emu.Token))
    }
}

Describe '-IncludeTotalCount' {
    It 'writes an unknown total count first, then the records' {
        $out = @(Sync-CdfRecord 'typed' -InitializeCursor 1d-ago -IncludeTotalCount)
        $out.Count | Should -Be 31
        ($out[0] | Out-String) | Should -Match 'Unknown total count'
        $out[1] | Should -BeOfType ([CogniteRecords.SyncRecord])
    }
}

Describe 'Looking without committing (-Preview)' {
    BeforeAll {
        New-TestStream $emu -Stream 'preview'
        Add-TestRecord $emu -Stream 'preview' -Space 'typed' -Container 'all' -Record (1..40 | ForEach-Object { @{ ExternalId = "p$_"; count = $_ } })
    }
    BeforeEach { Clear-CdfSyncState -Confirm:$false }

    It 'reads records but keeps no cursor when none was kept' {
        @(Sync-CdfRecord 'preview' -Source 'typed/all/count' -InitializeCursor 1d-ago -First 3 -Preview).Count | Should -Be 3
        Get-CdfSyncState -Stream 'preview' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        { Sync-CdfRecord 'preview' -Source 'typed/all/count' } | Should -Throw -ErrorId 'NoCursor,*'
    }

    It 'leaves a kept cursor where it was, so the next incremental run reads what it would have' {
        @(Sync-CdfRecord 'preview' -Source 'typed/all/count' -InitializeCursor 1d-ago -First 10 -PageSize 10).Count | Should -Be 10
        $kept = (Get-CdfSyncState -Stream 'preview').Cursor
        @(Sync-CdfRecord 'preview' -Source 'typed/all/count' -Preview).Count | Should -Be 30
        @(Sync-CdfRecord 'preview' -Source 'typed/all/count' -InitializeCursor 1d-ago -First 3 -Preview).Count | Should -Be 3
        (Get-CdfSyncState -Stream 'preview').Cursor | Should -Be $kept
        @(Sync-CdfRecord 'preview' -Source 'typed/all/count').Count | Should -Be 30
    }

    It 'reads from a checkpoint file but does not write it, nor make one' {
        $path = Join-Path $TestDrive 'preview.checkpoint.json'
        @(Sync-CdfRecord 'preview' -Source 'typed/all/count' -InitializeCursor 1d-ago -CheckpointPath $path -Preview).Count | Should -Be 40
        Test-Path $path | Should -BeFalse
        $null = Sync-CdfRecord 'preview' -Source 'typed/all/count' -InitializeCursor 1d-ago -CheckpointPath $path -First 5 -PageSize 5
        $before = Get-Content -Raw $path
        @(Sync-CdfRecord 'preview' -Source 'typed/all/count' -CheckpointPath $path -Preview).Count | Should -Be 35
        Get-Content -Raw $path | Should -Be $before
    }

    It 'says under -Verbose when a call replaces a kept cursor, and that -Preview would not' {
        $null = Sync-CdfRecord 'preview' -Source 'typed/all/count' -InitializeCursor 1d-ago -First 5 -PageSize 5
        $verbose = @(Sync-CdfRecord 'preview' -Source 'typed/all/count' -InitializeCursor 1d-ago -First 2 -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        ($verbose -match 'replaces the kept cursor') | Should -HaveCount 1
        # Continuing from the kept cursor replaces nothing; neither does -Preview.
        $verbose = @(Sync-CdfRecord 'preview' -Source 'typed/all/count' -First 2 -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        ($verbose -match 'replaces the kept cursor') | Should -HaveCount 0
        $verbose = @(Sync-CdfRecord 'preview' -Source 'typed/all/count' -InitializeCursor 1d-ago -Preview -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        ($verbose -match 'replaces the kept cursor') | Should -HaveCount 0
        ($verbose -match '-Preview') | Should -Not -BeNullOrEmpty
    }
}
