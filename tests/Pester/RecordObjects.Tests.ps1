# The flat records of Get-CdfRecord and Sync-CdfRecord: one way to build them (the classes generated per column set,
# issue 13), their table views, and -AsHashtable and -Raw beside them.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModules
    $script:emu = Start-CdfEmulator
    New-TestContainer $emu -Space ro -Container all -Properties ([ordered]@{
            name = 'text'; count = 'int64'; small = 'int32'; temperature = 'float64'; ratio = 'float32'; ok = 'boolean'
            when = 'timestamp'; day = 'date'; meta = 'json'; tags = 'text[]'; numbers = 'int64[]'
        })
    New-TestStream $emu -Stream ro-live
    $script:rows = 1..6 | ForEach-Object {
        @{ ExternalId = "r$_"; name = "name $_"; count = 9000000000 + $_; small = $_; temperature = 20.25 + $_; ratio = 0.5; ok = ($_ % 2 -eq 0)
            when = '2024-07-10T12:00:00.123Z'; day = '2024-07-10'; meta = @{ k = $_; nested = @{ list = @(1, 'two') } }; tags = @('a', "b$_"); numbers = @(1, 2, $_) }
    }
    Add-TestRecord $emu -Stream ro-live -Space ro -Container all -Record $rows
    Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -Quiet
    $script:columns = @('name', 'count', 'small', 'temperature', 'ratio', 'ok', 'when', 'day', 'meta', 'tags', 'numbers')
}

AfterAll {
    Disconnect-CdfProject -ErrorAction SilentlyContinue
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'Get-CdfRecord flat records' {
    BeforeAll {
        $script:got = @(Get-CdfRecord ro-live -Source ro/all -Sort externalId)
        Clear-CdfSyncState
        $script:synced = @(Sync-CdfRecord ro-live -Source ro/all -InitializeCursor 1d-ago -Preview | Sort-Object ExternalId)
    }

    It 'are instances of a class made for their columns, as Sync-CdfRecord''s are, without Status' {
        $got.Count | Should -Be 6
        $got[0] | Should -BeOfType ([CogniteRecords.Record])
        $got[0] | Should -Not -BeOfType ([CogniteRecords.SyncRecord])
        $got[0] | Should -Not -BeOfType ([System.Management.Automation.PSCustomObject])
        $got[0].GetType() | Should -Be $got[-1].GetType()
        $got[0].GetType().BaseType | Should -Be ([CogniteRecords.Record])
        $got[0].PSObject.TypeNames | Should -Contain 'CogniteRecords.Record'
        $got[0].PSObject.Properties.Name | Should -Be (@('Space', 'ExternalId', 'CreatedTime', 'LastUpdatedTime') + $columns)
        # Sync-CdfRecord's records: a class of their own, with Status, deriving from both.
        $synced[0] | Should -BeOfType ([CogniteRecords.SyncRecord])
        $synced[0] | Should -BeOfType ([CogniteRecords.Record])
        $synced[0].PSObject.Properties.Name | Should -Be (@('Space', 'ExternalId', 'Status', 'CreatedTime', 'LastUpdatedTime') + $columns)
    }

    It 'hold the same values as Sync-CdfRecord''s records' {
        for ($i = 0; $i -lt 6; $i++) {
            foreach ($p in @('Space', 'ExternalId', 'CreatedTime', 'LastUpdatedTime') + $columns) {
                $a = $synced[$i].$p
                $b = $got[$i].$p
                if ($null -eq $a) { $b | Should -BeNullOrEmpty; continue }
                $b.GetType() | Should -Be $a.GetType() -Because "$($got[$i].ExternalId).$p"
                "$b" | Should -BeExactly "$a" -Because "$($got[$i].ExternalId).$p"
            }
        }
        $got[2].count | Should -BeOfType [long]
        $got[2].count | Should -Be 9000000003
        $got[2].when | Should -Be ([DateTimeOffset]::new(2024, 7, 10, 12, 0, 0, 123, [TimeSpan]::Zero))
        $got[2].meta.nested.list[1] | Should -Be 'two'
        $got[2].tags.ToString() | Should -BeExactly '["a","b3"]'
    }

    It 'show as a table without Status, the properties in the last column' {
        $text = $got | Select-Object -First 2 | Format-Table | Out-String -Width 250
        $lines = @($text -split "`r?`n" | Where-Object { $_.Trim() })
        $lines[0] | Should -Match '^Space\s+ExternalId\s+LastUpdatedTime\s+Properties\s*$'
        $lines[2] | Should -Match '^ro\s+r1\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+name=name 1; count=9000000001; '
        # Sync-CdfRecord's records keep their own view, with Status.
        ($synced | Select-Object -First 1 | Format-Table | Out-String -Width 250) | Should -Match '(?m)^Space\s+ExternalId\s+Status\s+LastUpdatedTime\s+Properties'
    }

    It 'can be changed and written back' {
        $r = Get-CdfRecord ro-live -Source ro/all -Filter (New-CdfRecordFilter -Property externalId -Equals 'r1')
        $r.name = 'renamed'
        $result = $r | Set-CdfRecord -Stream ro-live -Container ro/all -PassThru
        $result.Status | Should -Be 'Succeeded'
        (Get-CdfRecord ro-live -Source ro/all/name -Filter (New-CdfRecordFilter -Property externalId -Equals 'r1')).name | Should -Be 'renamed'
    }

    It 'with -AsHashtable and -Raw are as before' {
        $t = @(Get-CdfRecord ro-live -Source ro/all -Sort externalId -AsHashtable)[1]
        $t | Should -BeOfType ([System.Collections.Specialized.OrderedDictionary])
        @($t.Keys) | Should -Be (@('Space', 'ExternalId', 'CreatedTime', 'LastUpdatedTime') + $columns)
        $t.count | Should -Be 9000000002
        $raw = @(Get-CdfRecord ro-live -Source ro/all -Sort externalId -Raw)[1]
        $raw | Should -BeOfType ([CogniteRecords.RawSyncRecord])
        $raw.properties.ro.all.count | Should -Be 9000000002
    }
}
