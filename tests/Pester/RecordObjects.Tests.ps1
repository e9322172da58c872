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

Describe 'Typed properties (issue 19, item 9): Get-Member shows the container property types' {
    BeforeAll {
        $script:expected = [ordered]@{
            name = [string]; count = [Nullable[long]]; small = [Nullable[int]]; temperature = [Nullable[double]]; ratio = [Nullable[double]]
            ok = [Nullable[bool]]; when = [Nullable[DateTimeOffset]]; day = [Nullable[DateTime]]; meta = [object]
            tags = [CogniteRecords.JsonArrayValue]; numbers = [CogniteRecords.JsonArrayValue]
        }
        Clear-CdfSyncState
        $script:syncOne = Sync-CdfRecord ro-live -Source ro/all -InitializeCursor 1d-ago -Preview | Where-Object ExternalId -EQ 'r3'
        $script:getOne = Get-CdfRecord ro-live -Source ro/all -Filter (New-CdfRecordFilter -Property externalId -Equals 'r3')
    }

    It 'types each column of <_> by its container property type' -ForEach @('Sync-CdfRecord', 'Get-CdfRecord') {
        $r = if ($_ -eq 'Sync-CdfRecord') { $syncOne } else { $getOne }
        foreach ($name in $expected.Keys) {
            $r.GetType().GetProperty($name).PropertyType | Should -Be $expected[$name] -Because $name
        }
        $members = $r | Get-Member -MemberType Property
        ($members | Where-Object Name -EQ 'count').Definition | Should -BeExactly 'System.Nullable[long] count {get;set;}'
        ($members | Where-Object Name -EQ 'when').Definition | Should -BeExactly 'System.Nullable[System.DateTimeOffset] when {get;set;}'
        ($members | Where-Object Name -EQ 'name').Definition | Should -BeExactly 'string name {get;set;}'
        ($members | Where-Object Name -EQ 'tags').Definition | Should -BeExactly 'CogniteRecords.JsonArrayValue tags {get;set;}'
        @($members | Where-Object Definition -Like 'System.Object *').Name | Should -Be @('meta')
        # The values are what they were: the boxed value itself, or $null.
        $r.count | Should -BeOfType [long]
        $r.count | Should -Be 9000000003
        $r.small | Should -BeOfType [int]
        $r.ok | Should -BeOfType [bool]
        $r.when | Should -BeOfType [DateTimeOffset]
        $r.day | Should -BeOfType [DateTime]
        $r.meta.k | Should -Be 3
        $r.numbers[2] | Should -Be 3
    }

    It 'gives $null for a property a record does not have, and for tombstones' {
        Add-TestRecord $emu -Stream ro-live -Space ro -Container all -Record @(@{ ExternalId = 'sparse'; name = 'only a name' })
        $r = Get-CdfRecord ro-live -Source ro/all -Filter (New-CdfRecordFilter -Property externalId -Equals 'sparse')
        $r.GetType().GetProperty('count').PropertyType | Should -Be ([Nullable[long]])
        $r.count | Should -BeNullOrEmpty
        $null -eq $r.count | Should -BeTrue
        $null -eq $r.when | Should -BeTrue
        $null -eq $r.tags | Should -BeTrue
        Remove-TestRecord $emu -Stream ro-live -Space ro -ExternalId 'sparse'
        $gone = Sync-CdfRecord ro-live -Source ro/all -InitializeCursor 1d-ago -Preview | Where-Object ExternalId -EQ 'sparse'
        $gone.Status | Should -Be 'deleted'
        $gone.GetType().GetProperty('count').PropertyType | Should -Be ([Nullable[long]])
        $null -eq $gone.count | Should -BeTrue
    }

    It 'gives ISO 8601 text properties with -TimestampFormat Iso8601' {
        $r = Sync-CdfRecord ro-live -Source ro/all -InitializeCursor 1d-ago -Preview -TimestampFormat Iso8601 | Where-Object ExternalId -EQ 'r3'
        $r.GetType().GetProperty('when').PropertyType | Should -Be ([string])
        $r.GetType().GetProperty('day').PropertyType | Should -Be ([string])
        $r.GetType().GetProperty('count').PropertyType | Should -Be ([Nullable[long]])
        $r.when | Should -BeExactly '2024-07-10T12:00:00.123Z'
        $r.day | Should -BeExactly '2024-07-10'
    }

    It 'converts what is set to the property type, and refuses what does not convert' {
        $r = Get-CdfRecord ro-live -Source ro/all -Filter (New-CdfRecordFilter -Property externalId -Equals 'r4')
        $r.count = '12'
        $r.count | Should -BeOfType [long]
        $r.count | Should -Be 12
        $r.count = $null
        $null -eq $r.count | Should -BeTrue
        $r.tags = @('x', 'y')
        $r.tags.GetType() | Should -Be ([CogniteRecords.JsonArrayValue])
        $r.tags.ToString() | Should -BeExactly '["x","y"]'
        $r.tags = $r.tags + 'z'
        $r.tags.Count | Should -Be 3
        $r.when = [DateTimeOffset]::new(2025, 1, 2, 3, 4, 5, 678, [TimeSpan]::Zero)
        $r.when.Millisecond | Should -Be 678
        { $r.count = 'twelve' } | Should -Throw '*twelve*'
        $r.count | Should -BeNullOrEmpty
    }
    It 'types a direct relation as an object value, and takes a hashtable for it' {
        New-TestContainer $emu -Space ro -Container linked -Properties ([ordered]@{ parent = 'direct'; parents = 'direct[]' })
        Add-TestRecord $emu -Stream ro-live -Space ro -Container linked -Record @(@{ ExternalId = 'child'; parent = @{ space = 'ro'; externalId = 'r1' }; parents = @(@{ space = 'ro'; externalId = 'r1' }) })
        $r = Get-CdfRecord ro-live -Source ro/linked -Filter (New-CdfRecordFilter -Property externalId -Equals 'child')
        $r.GetType().GetProperty('parent').PropertyType | Should -Be ([CogniteRecords.JsonObjectValue])
        $r.GetType().GetProperty('parents').PropertyType | Should -Be ([CogniteRecords.JsonArrayValue])
        $r.parent.externalId | Should -Be 'r1'
        $r.parent = @{ space = 'ro'; externalId = 'r2' }
        $r.parent.GetType() | Should -Be ([CogniteRecords.JsonObjectValue])
        $r.parent.ToString() | Should -Match '"externalId":"r2"'
        ($r | Set-CdfRecord -Stream ro-live -Container ro/linked -PassThru).Status | Should -Be 'Succeeded'
        (Get-CdfRecord ro-live -Source ro/linked -Filter (New-CdfRecordFilter -Property externalId -Equals 'child')).parent.externalId | Should -Be 'r2'
    }
}

Describe 'A value its typed property cannot hold (the container property''s type changed)' {
    BeforeAll {
        New-TestContainer $emu -Space ro -Container moved -Properties ([ordered]@{ n = 'text'; label = 'text' })
        New-TestStream $emu -Stream ro-moved
        Add-TestRecord $emu -Stream ro-moved -Space ro -Container moved -Record @(@{ ExternalId = 'm1'; n = 'twelve'; label = 'before' })
        # The property becomes int64; the record written as text keeps its text.
        New-TestContainer $emu -Space ro -Container moved -Properties ([ordered]@{ n = 'int64'; label = 'text' })
        Add-TestRecord $emu -Stream ro-moved -Space ro -Container moved -Record @(@{ ExternalId = 'm2'; n = 5; label = 'after' }, @{ ExternalId = 'm3'; n = 6; label = 'after' })
    }

    It 'keeps the value whole on a record of untyped properties, and warns once (<_>)' -ForEach @('Sync-CdfRecord', 'Get-CdfRecord') {
        Clear-CdfSyncState
        $records = if ($_ -eq 'Sync-CdfRecord') {
            @(Sync-CdfRecord ro-moved -Source ro/moved -InitializeCursor 1d-ago -WarningVariable warned -WarningAction SilentlyContinue | Sort-Object ExternalId)
        }
        else {
            @(Get-CdfRecord ro-moved -Source ro/moved -Sort externalId -WarningVariable warned -WarningAction SilentlyContinue)
        }
        $records.Count | Should -Be 3
        $records[0].n | Should -BeExactly 'twelve'
        $records[0].label | Should -BeExactly 'before'
        $records[0].GetType().GetProperty('n').PropertyType | Should -Be ([object])
        $records[0].PSObject.Properties.Name | Should -Be $records[1].PSObject.Properties.Name
        $records[1].n | Should -Be 5
        $records[1].GetType().GetProperty('n').PropertyType | Should -Be ([Nullable[long]])
        $records[2].GetType() | Should -Be $records[1].GetType()
        @($warned).Count | Should -Be 1
        "$($warned[0])" | Should -BeLike "*ro/m1*'twelve'*System.String*'n'*int64*Int64?*"
    }

    It 'writes such records to a file as they are' {
        $file = Join-Path $TestDrive 'moved.csv'
        Clear-CdfSyncState
        Sync-CdfRecord ro-moved -Source ro/moved -InitializeCursor 1d-ago -WarningAction SilentlyContinue | Export-CdfRecord $file
        $rows = @(Import-Csv $file | Sort-Object ExternalId)
        $rows.n | Should -Be @('twelve', '5', '6')
    }
}

Describe '-Raw | ConvertTo-Json (issue 19, item 9)' {
    BeforeAll {
        Clear-CdfSyncState
        $script:rawSync = @(Sync-CdfRecord ro-live -Source ro/all -InitializeCursor 1d-ago -Preview -Raw | Where-Object externalId -Like 'r*' | Sort-Object externalId)
        $script:rawGet = @(Get-CdfRecord ro-live -Source ro/all -Sort externalId -Raw | Where-Object externalId -Like 'r*')
    }

    It 'writes the properties of <Name> as JSON objects, lists as arrays, numbers as numbers: no text, no warning, at -Depth 5' -ForEach @(@{ Name = 'Sync-CdfRecord' }, @{ Name = 'Get-CdfRecord' }) {
        # Values of every type but json, whose own nesting adds to the depth (next test).
        $source = 'ro/all/name', 'ro/all/count', 'ro/all/small', 'ro/all/ok', 'ro/all/when', 'ro/all/day', 'ro/all/tags', 'ro/all/numbers'
        $items = if ($Name -eq 'Sync-CdfRecord') {
            @(Sync-CdfRecord ro-live -Source $source -InitializeCursor 1d-ago -Preview -Raw | Where-Object externalId -Like 'r*')
        }
        else {
            @(Get-CdfRecord ro-live -Source $source -Raw | Where-Object externalId -Like 'r*')
        }
        $items.Count | Should -BeGreaterOrEqual 6
        $json = $items | ConvertTo-Json -Depth 5 -WarningVariable warned
        @($warned).Count | Should -Be 0
        $json | Should -Not -Match '\\"'
        $back = @($json | ConvertFrom-Json)
        $r3 = $back | Where-Object externalId -EQ 'r3'
        $r3.properties.ro.all.count | Should -Be 9000000003
        $r3.properties.ro.all.count | Should -BeOfType [long]
        $r3.properties.ro.all.tags | Should -Be @('a', 'b3')
        $r3.properties.ro.all.numbers | Should -Be @(1, 2, 3)
        # As the API sent it (ConvertFrom-Json would read it back as a [datetime]).
        $json | Should -Match '"when":\s*"2024-07-10T12:00:00\.123Z"'
        $r3.createdTime | Should -BeOfType [long]
        # One record alone needs one level less.
        $one = $items | Where-Object externalId -EQ 'r3'
        $null = $one | ConvertTo-Json -Depth 4 -WarningVariable warnedOne
        @($warnedOne).Count | Should -Be 0
    }

    It 'reaches the json columns'' own nesting at the depth the help gives (5 plus the nesting)' {
        # meta = @{ k; nested = @{ list = @(1, 'two') } }: two levels below the property.
        $json = $rawSync | ConvertTo-Json -Depth 7 -Compress -WarningVariable warned
        @($warned).Count | Should -Be 0
        ($json | ConvertFrom-Json | Where-Object externalId -EQ 'r3').properties.ro.all.meta.nested.list | Should -Be @(1, 'two')
    }

    It 'at ConvertTo-Json''s default depth of 2, PowerShell cuts the nesting and warns, as the help says' {
        $null = $rawSync | ConvertTo-Json -WarningVariable warned -WarningAction SilentlyContinue
        "$($warned[0])" | Should -BeLike '*depth of 2*'
    }

    It 'gives each item whole as compact JSON with ToJson(), as ConvertTo-Json does at a depth that suffices, with no -Depth to choose (<Name>)' -ForEach @(@{ Name = 'Sync-CdfRecord' }, @{ Name = 'Get-CdfRecord' }) {
        $items = if ($Name -eq 'Sync-CdfRecord') { $rawSync } else { $rawGet }
        $lines = @($items | ForEach-Object ToJson)
        $lines.Count | Should -Be $items.Count
        for ($i = 0; $i -lt $items.Count; $i++) {
            $lines[$i] | Should -Not -Match "`n"
            ($lines[$i] | ConvertFrom-Json | ConvertTo-Json -Depth 100 -Compress) | Should -BeExactly ($items[$i] | ConvertTo-Json -Depth 100 -Compress)
        }
        $r3 = $lines | ForEach-Object { $_ | ConvertFrom-Json } | Where-Object externalId -EQ 'r3'
        $r3.properties.ro.all.meta.nested.list | Should -Be @(1, 'two')
        $r3.properties.ro.all.count | Should -Be 9000000003
        $r3.lastUpdatedTime | Should -BeOfType [long]
    }

    It 'goes whole to JSON Lines with Export-CdfRecord, one item a line, at any depth' {
        $file = Join-Path $TestDrive 'raw.jsonl'
        $rawSync | Export-CdfRecord $file
        $lines = @(Get-Content $file)
        $lines.Count | Should -Be $rawSync.Count
        $r3 = $lines | ForEach-Object { $_ | ConvertFrom-Json } | Where-Object externalId -EQ 'r3'
        $r3.properties.ro.all.meta.nested.list | Should -Be @(1, 'two')
    }
}
