#Requires -Version 7.4
# Filters end to end: New-CdfRecordFilter (and hashtables, JSON) through Sync-CdfRecord -Filter against the
# emulator, over real HTTP. Every operator selects exactly the expected records; an invalid filter sends nothing.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModules

    $script:emu = Start-CdfEmulator
    $headers = @{ Authorization = "Bearer $($emu.Token)" }
    function script:Post([string] $Path, $Body) {
        Invoke-RestMethod -Method Post "$($emu.ProjectUrl)$Path" -Headers $headers -ContentType 'application/json' -Body ($Body | ConvertTo-Json -Depth 20 -Compress)
    }

    Post '/models/spaces' @{ items = @(@{ space = 'flt' }) } | Out-Null
    $prop = { param($type, [switch] $List) @{ type = @{ type = $type; list = [bool]$List }; nullable = $true } }
    Post '/models/containers' @{ items = @(
            @{ space = 'flt'; externalId = 'c'; usedFor = 'record'; properties = @{
                    temperature = & $prop float64; name = & $prop text; tags = & $prop text -List
                    n = & $prop int64; active = & $prop boolean; at = & $prop timestamp } },
            @{ space = 'flt'; externalId = 'd'; usedFor = 'record'; properties = @{ flag = & $prop boolean } }) } | Out-Null
    Post '/streams' @{ items = @(@{ externalId = 'filter-e2e'; settings = @{ template = @{ name = 'BasicLiveData' } } }) } | Out-Null

    function script:Record([string] $Id, [hashtable] $C, [hashtable] $D) {
        $sources = @()
        if ($C) { $sources += @{ source = @{ type = 'container'; space = 'flt'; externalId = 'c' }; properties = $C } }
        if ($D) { $sources += @{ source = @{ type = 'container'; space = 'flt'; externalId = 'd' }; properties = $D } }
        @{ space = 'flt'; externalId = $Id; sources = $sources }
    }
    Post '/streams/filter-e2e/records' @{ items = @(
            (Record r1 @{ temperature = 10; name = 'pump-1'; tags = @('a', 'b'); n = 1; active = $true; at = '2024-01-01T00:00:00.000Z' }),
            (Record r2 @{ temperature = 20; name = 'pump-2'; tags = @('b'); n = 2; active = $false; at = '2024-02-01T00:00:00.000Z' }),
            (Record r3 @{ temperature = 30; name = 'valve-3'; tags = @('a', 'c'); n = 3; active = $true; at = '2024-03-01T00:00:00.000Z' }),
            (Record r4 @{ temperature = 25.5; name = 'valve-4' }),
            (Record r5 -D @{ flag = $true }),
            (Record r6 @{ temperature = 15; name = 'gone' })) } | Out-Null
    # r6 becomes a tombstone: top-level filters match it, container-property filters do not.
    Post '/streams/filter-e2e/records/delete' @{ items = @(@{ space = 'flt'; externalId = 'r6' }) } | Out-Null

    Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -Quiet

    # The external ids a filter selects, sorted.
    function script:Select-Ids($Filter) {
        Clear-CdfSyncState
        $ids = Sync-CdfRecord -Stream 'filter-e2e' -Source 'flt/c' -Filter $Filter -InitializeCursor '1d-ago' | ForEach-Object ExternalId
        @($ids | Sort-Object)
    }
}

AfterAll {
    Disconnect-CdfProject -ErrorAction SilentlyContinue
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'Every operator selects exactly the expected records' {
    It '<Name>' -TestCases @(
        @{ Name = 'equals';                Make = { New-CdfRecordFilter -Property 'flt/c/temperature' -Equals 20 };              Expected = @('r2') }
        @{ Name = 'equals on externalId';  Make = { New-CdfRecordFilter -Property externalId -Equals 'r3' };                    Expected = @('r3') }
        @{ Name = 'equals a boolean';      Make = { New-CdfRecordFilter -Property active -Container flt/c -Equals $true };      Expected = @('r1', 'r3') }
        @{ Name = 'in';                    Make = { New-CdfRecordFilter -Property 'flt/c/n' -In 1, 3 };                         Expected = @('r1', 'r3') }
        @{ Name = 'in on externalId (tombstones too)'; Make = { New-CdfRecordFilter -Property externalId -In 'r1', 'r6' };      Expected = @('r1', 'r6') }
        @{ Name = 'prefix';                Make = { New-CdfRecordFilter -Property 'flt/c/name' -Prefix 'pump' };                Expected = @('r1', 'r2') }
        @{ Name = 'prefix on externalId';  Make = { New-CdfRecordFilter -Property externalId -Prefix 'r' };                     Expected = @('r1', 'r2', 'r3', 'r4', 'r5', 'r6') }
        @{ Name = 'range';                 Make = { New-CdfRecordFilter -Property 'flt/c/temperature' -Gte 20 -Lt 30 };         Expected = @('r2', 'r4') }
        @{ Name = 'range on a timestamp from [datetime]'; Make = { New-CdfRecordFilter -Property 'flt/c/at' -Gte ([datetime]::new(2024, 2, 1, 0, 0, 0, [DateTimeKind]::Utc)) }; Expected = @('r2', 'r3') }
        @{ Name = 'range on lastUpdatedTime from [datetimeoffset]'; Make = { New-CdfRecordFilter -Property lastUpdatedTime -Gt ([datetimeoffset]::UtcNow.AddHours(-1)) -Lte ([datetimeoffset]::UtcNow.AddHours(1)) }; Expected = @('r1', 'r2', 'r3', 'r4', 'r5', 'r6') }
        @{ Name = 'range on createdTime in the future'; Make = { New-CdfRecordFilter -Property createdTime -Gt ([datetimeoffset]::UtcNow.AddDays(1)) }; Expected = @() }
        @{ Name = 'exists';                Make = { New-CdfRecordFilter -Property 'flt/c/n' -Exists };                          Expected = @('r1', 'r2', 'r3') }
        @{ Name = 'containsAny';           Make = { New-CdfRecordFilter -Property 'flt/c/tags' -ContainsAny 'c', 'x' };         Expected = @('r3') }
        @{ Name = 'containsAll';           Make = { New-CdfRecordFilter -Property 'flt/c/tags' -ContainsAll 'a', 'b' };         Expected = @('r1') }
        @{ Name = 'hasData';               Make = { New-CdfRecordFilter -HasData 'flt/d' };                                     Expected = @('r5') }
        @{ Name = 'matchAll';              Make = { New-CdfRecordFilter -MatchAll };                                            Expected = @('r1', 'r2', 'r3', 'r4', 'r5', 'r6') }
        @{ Name = 'not';                   Make = { New-CdfRecordFilter -Not (New-CdfRecordFilter -Property externalId -Prefix 'r1') }; Expected = @('r2', 'r3', 'r4', 'r5', 'r6') }
        @{ Name = 'and';                   Make = { New-CdfRecordFilter -And (New-CdfRecordFilter -Property 'flt/c/temperature' -Gte 20), (New-CdfRecordFilter -Property 'flt/c/name' -Prefix 'valve') }; Expected = @('r3', 'r4') }
        @{ Name = 'or';                    Make = { New-CdfRecordFilter -Or (New-CdfRecordFilter -Property 'flt/c/n' -Equals 1), @{ equals = @{ property = @('flt', 'c', 'name'); value = 'valve-4' } } }; Expected = @('r1', 'r4') }
        @{ Name = 'a hashtable in the API shape'; Make = { @{ range = @{ property = @('flt', 'c', 'temperature'); gt = 20 } } };  Expected = @('r3', 'r4') }
        @{ Name = 'a JSON string';         Make = { '{"containsAny":{"property":["flt","c","tags"],"values":["b"]}}' };          Expected = @('r1', 'r2') }
        @{ Name = 'an expression (command form)'; Make = { New-CdfRecordFilter -Container flt/c { temperature -ge 20 -and tags -contains 'a' } }; Expected = @('r3') }
        @{ Name = 'an expression ($_ form)'; Make = { New-CdfRecordFilter -Container flt/c { $_.name -like 'pump*' -or $_.n -eq 3 } }; Expected = @('r1', 'r2', 'r3') }
        @{ Name = 'an expression with -in and -not'; Make = { New-CdfRecordFilter -Container flt/c { n -in 1, 2, 3 -and -not (active -eq $true) } }; Expected = @('r2') }
        @{ Name = 'an expression with -ne $null'; Make = { New-CdfRecordFilter -Container flt/c { tags -ne $null } };          Expected = @('r1', 'r2', 'r3') }
        @{ Name = 'an expression on dates'; Make = { New-CdfRecordFilter -Container flt/c { at -lt [datetime]'2024-02-15T00:00:00Z' } }; Expected = @('r1', 'r2') }
    ) {
        $filter = & $Make
        Select-Ids $filter | Should -Be $Expected
    }

    It 'agrees with the service on the limits: 100 nodes, depth 10 and 100 values are accepted' {
        $deep = New-CdfRecordFilter -Property externalId -Equals 'r2'
        foreach ($i in 2..9) { $deep = New-CdfRecordFilter -Not $deep } # eight nots: the same records as the leaf
        $deep = New-CdfRecordFilter -And $deep
        $deep.Depth | Should -Be 10
        Select-Ids $deep | Should -Be @('r2')

        $leaf = New-CdfRecordFilter -Property 'flt/c/n' -Equals 3
        $wide = New-CdfRecordFilter -And (New-CdfRecordFilter -Or (@($leaf) * 49)), (New-CdfRecordFilter -Or (@($leaf) * 48))
        $wide.NodeCount | Should -Be 100
        Select-Ids $wide | Should -Be @('r3')

        Select-Ids (New-CdfRecordFilter -Property 'flt/c/n' -In (1..100)) | Should -Be @('r1', 'r2', 'r3')
    }

    It 'sends the filter''s canonical JSON in the request body' {
        Clear-CdfEmulatorRequest
        $f = New-CdfRecordFilter -Property 'flt/c/temperature' -Lt 30 -Gte 20
        Select-Ids $f | Should -Be @('r2', 'r4')
        $sent = @(Get-CdfEmulatorRequest -Path '/records/sync')
        $sent.Count | Should -BeGreaterThan 0
        $body = if ($sent[0].body -is [string]) { $sent[0].body } else { $sent[0].body | ConvertTo-Json -Depth 20 -Compress }
        $body | Should -Match ([regex]::Escape('"filter":{"range":{"property":["flt","c","temperature"],"gte":20,"lt":30}}'))
    }
}

Describe 'An invalid filter is refused before any request' {
    BeforeEach { Clear-CdfEmulatorRequest; Clear-CdfSyncState }

    It '<Name>' -TestCases @(
        @{ Name = 'two lower bounds';       Filter = @{ range = @{ property = 'flt/c/temperature'; gt = 1; gte = 2 } } }
        @{ Name = 'an unknown operator';    Filter = '{"equal":{"property":["externalId"],"value":"r1"}}' }
        @{ Name = 'range on externalId';    Filter = @{ range = @{ property = 'externalId'; gt = 'a' } } }
        @{ Name = 'exists on a top-level field'; Filter = @{ exists = @{ property = @('space') } } }
        @{ Name = '101 values';             Filter = @{ in = @{ property = 'flt/c/n'; values = 1..101 } } }
        @{ Name = 'a prefix of 501';        Filter = @{ prefix = @{ property = 'externalId'; value = 'x' * 501 } } }
        @{ Name = 'a bad property path';    Filter = @{ exists = @{ property = @('flt', 'c') } } }
        @{ Name = 'depth 11';               Filter = ('{"not":' * 10) + '{"matchAll":{}}' + ('}' * 10) }
        @{ Name = 'not JSON';               Filter = '{"matchAll":' }
        @{ Name = 'a script block';         Filter = { temperature -ge 20 } }
    ) {
        $err = $null
        try { Sync-CdfRecord -Stream 'filter-e2e' -Filter $Filter -InitializeCursor '1d-ago' | Out-Null } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -BeLike '*Invalid filter*'
        @(Get-CdfEmulatorRequest -Path '/records/sync').Count | Should -Be 0
    }

    It 'refuses an expression with no filter equivalent before Sync-CdfRecord runs' {
        { New-CdfRecordFilter -Container flt/c { name -match '^p' } } | Should -Throw -ExpectedMessage '*-match*'
        @(Get-CdfEmulatorRequest).Count | Should -Be 0
    }
}

Describe 'Tab completion from the connected project' {
    BeforeAll {
        function script:Complete([string] $Line) {
            @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object CompletionText)
        }
    }

    It 'completes -Container and -HasData with the project''s containers' {
        Complete 'New-CdfRecordFilter -Container fl' | Should -Be @('flt/c', 'flt/d')
        Complete 'New-CdfRecordFilter -HasData flt/' | Should -Be @('flt/c', 'flt/d')
        Complete 'New-CdfRecordFilter -HasData flt/d' | Should -Be @('flt/d')
    }

    It 'completes -Property with full paths, bare names of -Container, and top-level fields' {
        Complete 'New-CdfRecordFilter -Property flt/c/t' | Should -Be @('flt/c/tags', 'flt/c/temperature')
        Complete 'New-CdfRecordFilter -Container flt/c -Property te' | Should -Be @('temperature')
        Complete 'New-CdfRecordFilter -Property lastUp' | Should -Be @('lastUpdatedTime')
    }

    It 'stays silent without a connection' {
        Disconnect-CdfProject
        try {
            Complete 'New-CdfRecordFilter -Container fl' | Should -Be @()
            Complete 'New-CdfRecordFilter -Property ext' | Should -Be @('externalId')
        }
        finally {
            Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -Quiet
        }
    }
}
