#Requires -Version 7.4
# Streams, containers and record writes against the emulator, over real HTTP: Add-/Set-/Remove-CdfRecord
# (batching by count and size, value conversion, bad rows, faults, the landed-then-409 case), Get-CdfRecord,
# Get-CdfContainer, Get-/New-/Remove-CdfStream. The emulator's request log shows what was sent.

BeforeAll {
    $module = if ($env:COGNITERECORDS_MODULE) { $env:COGNITERECORDS_MODULE } else { Join-Path $PSScriptRoot '../../out/CogniteRecords/CogniteRecords.psd1' }
    $emulatorModule = if ($env:COGNITERECORDS_EMULATOR_MODULE) { $env:COGNITERECORDS_EMULATOR_MODULE } else { Join-Path $PSScriptRoot '../../out/CogniteRecords.Emulator/CogniteRecords.Emulator.psd1' }
    Import-Module $module -Force
    Import-Module $emulatorModule -Force

    $script:emu = Start-CdfEmulator
    $headers = @{ Authorization = "Bearer $($emu.Token)" }
    function script:Post([string] $Path, $Body) {
        Invoke-RestMethod -Method Post "$($emu.ProjectUrl)$Path" -Headers $headers -ContentType 'application/json' -Body ($Body | ConvertTo-Json -Depth 20 -Compress)
    }
    Post '/models/spaces' @{ items = @(@{ space = 'wr' }) } | Out-Null
    $prop = { param($type, [switch] $List, [switch] $Required) @{ type = @{ type = $type; list = [bool]$List }; nullable = -not $Required } }
    Post '/models/containers' @{ items = @(
            @{ space = 'wr'; externalId = 'all'; usedFor = 'record'; properties = [ordered]@{
                    name = & $prop text; n = & $prop int64; small = & $prop int32; x = & $prop float64; ok = & $prop boolean
                    at = & $prop timestamp; day = & $prop date; tags = & $prop text -List; nums = & $prop int64 -List
                    doc = & $prop json; rel = & $prop direct } },
            @{ space = 'wr'; externalId = 'big'; usedFor = 'record'; properties = @{ blob = & $prop text } },
            @{ space = 'wr'; externalId = 'req'; usedFor = 'record'; properties = @{ must = & $prop text -Required; maybe = & $prop text } }) } | Out-Null

    Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -Quiet

    # Reads lag writes on CDF (and in the emulator with a visibility delay, as in the build's second Pester run): a
    # test that reads back what it just wrote waits, briefly, until the write shows, as a test against CDF must. The
    # reads below stop waiting once -Until holds for what they read (or -Count records are there), or after
    # -TimeoutSeconds, and return what they read last: the assertions after them decide, as strictly as ever.
    function script:Wait-Read([scriptblock] $Read, [scriptblock] $Until, [double] $TimeoutSeconds = 20) {
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        $pause = 50
        while ($true) {
            $result = @(& $Read)
            $context = [System.Collections.Generic.List[psvariable]]::new()
            $context.Add([psvariable]::new('_', $result))
            $done = [bool]($Until.InvokeWithContext($null, $context) | Select-Object -Last 1)
            if ($done -or [DateTime]::UtcNow -gt $deadline) { return , $result }
            Start-Sleep -Milliseconds $pause
            $pause = [Math]::Min($pause * 2, 400)
        }
    }

    # Every record of a stream, read from the start (the session cursor is forgotten first). With -Count or -Until it
    # reads again from the start until what was written shows (see Wait-Read).
    function script:Read-Stream([string] $Stream, [string] $Source = 'wr/all', [int] $Count = 0, [scriptblock] $Until, [double] $TimeoutSeconds = 20) {
        if (-not $Until) { $Until = { $_.Count -ge $Count }.GetNewClosure() }
        Clear-CdfSyncState
        $records = Wait-Read { Sync-CdfRecord -Stream $Stream -Source $Source -InitializeCursor '1d-ago' }.GetNewClosure() $Until $TimeoutSeconds
        $records
    }
    function script:Requests([string] $Path) { @(Get-CdfEmulatorRequest -Path $Path -Emulator $emu) }
    function script:New-TestStream([string] $Id, [string] $Template = 'BasicLiveData') {
        New-CdfStream -Stream $Id -Template $Template | Out-Null
        Clear-CdfEmulatorRequest -Emulator $emu
    }
    # Rows as Import-Csv gives them: text only.
    function script:New-Row([int] $i) {
        [pscustomobject]@{
            ExternalId = 'r{0:D5}' -f $i; name = "name-$i"; n = [string]($i * 1000); small = [string]($i % 100); x = [string]($i / 4)
            ok = if ($i % 2) { 'true' } else { 'false' }; at = [datetimeoffset]::new(2024, 1, 1, 0, 0, 0, [timespan]::Zero).AddSeconds($i).AddMilliseconds($i % 1000).ToString('o')
            day = [datetime]::new(2024, 1, 1).AddDays($i % 365).ToString('yyyy-MM-dd'); tags = '["a{0}","b"]' -f ($i % 10); nums = "[$i,$($i + 1)]"
            doc = '{"k":' + $i + ',"s":"v' + ($i % 3) + '"}'; rel = '{"space":"wr","externalId":"target-' + ($i % 5) + '"}'
        }
    }
}

AfterAll {
    Disconnect-CdfProject -ErrorAction SilentlyContinue
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'Streams' {
    It 'creates, lists, reads with statistics, soft-deletes, and keeps the id taken' {
        $s = New-CdfStream -Stream 'life' -Template BasicLiveData
        $s | Should -BeOfType ([CogniteRecords.CdfStream])
        $s.Type | Should -Be 'Mutable'
        $s.CreatedFromTemplate | Should -Be 'BasicLiveData'
        (Get-CdfStream).ExternalId | Should -Contain 'life'
        (Get-CdfStream 'li*').ExternalId | Should -Be @('life')
        1..3 | ForEach-Object { @{ ExternalId = "s$_"; name = 'x' } } | Add-CdfRecord -Stream life -Space wr -Container wr/all
        $one = Get-CdfStream -Stream 'life'
        $one.Records | Should -Be 3
        $one.MaxRecords | Should -BeGreaterThan 0

        $warnings = Remove-CdfStream -Stream 'life' -Confirm:$false 3>&1
        "$warnings" | Should -Match 'soft-deleted'
        "$warnings" | Should -Match 'P42D'
        Get-CdfStream -Stream 'life' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'StreamNotFound*'
        New-CdfStream -Stream 'life' -Template BasicLiveData -ErrorVariable err2 -ErrorAction SilentlyContinue
        $err2[0].FullyQualifiedErrorId | Should -BeLike 'StreamExists*'
    }

    It 'Remove-CdfStream is High impact and -WhatIf sends nothing' {
        (Get-Command Remove-CdfStream).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true)[0].ConfirmImpact | Should -Be 'High'
        New-TestStream 'keep'
        Remove-CdfStream -Stream 'keep' -WhatIf
        New-CdfStream -Stream 'other' -Template BasicArchive -WhatIf
        Requests '/streams' | Should -HaveCount 0
        (Get-CdfStream 'keep').ExternalId | Should -Be 'keep'
    }

    It 'refuses a bad stream id or an empty template before any request, and a template the project lacks naming those it has' {
        Clear-CdfEmulatorRequest -Emulator $emu
        New-CdfStream -Stream 'Bad Id' -Template BasicLiveData -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidStreamId*'
        New-CdfStream -Stream 'ok' -Template ' ' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidTemplate*'
        Requests '/streams' | Should -HaveCount 0
        # Templates are per project: any name is sent, and the service says which it has.
        { New-CdfStream -Stream 'ok' -Template NoSuchTemplate -ErrorAction Stop } | Should -Throw '*ImmutableTestStream*'
        Requests '/streams' | Should -HaveCount 1
    }
}

Describe 'Get-CdfContainer' {
    It 'lists containers with their properties, and reads by id' {
        $all = Get-CdfContainer -Space wr
        $all.ExternalId | Should -Be @('all', 'big', 'req')
        $c = Get-CdfContainer wr/all
        $c.Properties.Name | Should -Be @('name', 'n', 'small', 'x', 'ok', 'at', 'day', 'tags', 'nums', 'doc', 'rel')
        ($c.Properties | Where-Object Name -EQ 'tags').IsList | Should -BeTrue
        ((Get-CdfContainer -Space wr -Container req).Properties | Where-Object Name -EQ 'must').Nullable | Should -BeFalse
        Get-CdfContainer wr/nothere -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ContainerNotFound*'
    }
}

Describe 'Add-CdfRecord' {
    It 'imports a CSV of 20,000 rows in 20 requests of 1000, and sync returns every value as written' {
        New-TestStream 'csv'
        # The CSV text and, per row, the values as one canonical line to compare with what sync returns.
        $inv = [cultureinfo]::InvariantCulture
        $t0 = [datetimeoffset]::new(2024, 1, 1, 0, 0, 0, [timespan]::Zero)
        $csv = [System.Text.StringBuilder]::new("ExternalId,name,n,small,x,ok,at,day,tags,nums,doc,rel`n")
        $expected = [System.Collections.Generic.HashSet[string]]::new()
        for ($i = 1; $i -le 20000; $i++) {
            $at = $t0.AddSeconds($i).AddMilliseconds($i % 1000).ToString('yyyy-MM-ddTHH:mm:ss.fffZ', $inv)
            $day = $t0.AddDays($i % 365).ToString('yyyy-MM-dd', $inv)
            $v = @("r$i", "name, `"$i`"", [string]($i * 1000), [string]($i % 100), [string]($i / 4), [string]($i % 2 -eq 0), $at, $day,
                "[`"a$($i % 10)`",`"b`"]", "[$i,$($i + 1)]", "{`"k`":$i,`"s`":`"v$($i % 3)`"}", "{`"space`":`"wr`",`"externalId`":`"t$($i % 5)`"}")
            # Every field quoted, quotes doubled (a pipeline per row would take seconds for 20,000 rows).
            [void]$csv.Append('"').Append(($v -replace '"', '""') -join '","').AppendLine('"')
            [void]$expected.Add($v -join '|')
        }
        $path = Join-Path $TestDrive 'rows.csv'
        [System.IO.File]::WriteAllText($path, $csv.ToString())

        Import-Csv $path | Add-CdfRecord -Stream csv -Space wr -Container wr/all -ErrorVariable err
        $err | Should -HaveCount 0
        $ingest = Requests '/streams/csv/records' | Where-Object { $_.path -like '*/records' }
        # 20 requests of at most 1000 items for 20,000 records: 1000 each.
        $ingest | Should -HaveCount 20
        $ingest.status | Sort-Object -Unique | Should -Be 202

        $back = Read-Stream 'csv' -Count 20000
        $back | Should -HaveCount 20000
        $actual = [System.Collections.Generic.HashSet[string]]::new()
        foreach ($r in $back) {
            [void]$actual.Add((@($r.ExternalId, $r.name, [string]$r.n, [string]$r.small, [string]$r.x, [string]$r.ok,
                        $r.at.UtcDateTime.ToString('yyyy-MM-ddTHH:mm:ss.fffZ', $inv), $r.day.ToString('yyyy-MM-dd', $inv),
                        $r.tags.ToString(), $r.nums.ToString(), $r.doc.ToString(), $r.rel.ToString()) -join '|'))
        }
        $missing = @($expected.Where({ -not $actual.Contains($_) }, 'First', 3))
        $missing | Should -BeNullOrEmpty
        $actual.SetEquals($expected) | Should -BeTrue
        # Typed, not text: numbers, booleans, instants, dates, lists.
        $r = $back | Where-Object ExternalId -EQ 'r7'
        $r.n | Should -BeOfType ([long])
        $r.small | Should -BeOfType ([int])
        $r.x | Should -BeOfType ([double])
        $r.ok | Should -BeOfType ([bool])
        $r.at | Should -BeOfType ([datetimeoffset])
        $r.day | Should -BeOfType ([datetime])
        $r.nums[1] | Should -Be 8
        $r.Status | Should -Be 'created'
    }

    It 'sends exactly 1000 items in one request and 1001 in two' {
        New-TestStream 'edge'
        1..1000 | ForEach-Object { @{ ExternalId = "e$_"; n = $_ } } | Add-CdfRecord -Stream edge -Space wr -Container wr/all
        Requests '/streams/edge/records' | Should -HaveCount 1
        Clear-CdfEmulatorRequest -Emulator $emu
        1001..2001 | ForEach-Object { @{ ExternalId = "e$_"; n = $_ } } | Add-CdfRecord -Stream edge -Space wr -Container wr/all
        $sent = Requests '/streams/edge/records'
        $sent | Should -HaveCount 2
        # The two batches go out concurrently, so the log may hold them in either order.
        @($sent | ForEach-Object { ($_.body | ConvertFrom-Json).items.Count } | Sort-Object -Descending) | Should -Be @(1000, 1)
        (Read-Stream 'edge' -Count 2001) | Should -HaveCount 2001
    }

    It 'keeps every request body within 10 MB, filling batches close to it' {
        New-TestStream 'bulk'
        $blob = 'x' * 100000
        1..250 | ForEach-Object { @{ ExternalId = "b$_"; blob = $blob } } | Add-CdfRecord -Stream bulk -Space wr -Container wr/big -ErrorVariable err
        $err | Should -HaveCount 0
        $sent = Requests '/streams/bulk/records'
        $sent.status | Sort-Object -Unique | Should -Be 202
        # An item is 100,000 text bytes plus ~100 bytes of JSON: 104 fit under 10,485,760 bytes, 105 do not.
        $sent | Should -HaveCount 3
        foreach ($r in $sent) { $r.bodyBytes | Should -BeLessOrEqual 10485760 }
        ($sent.bodyBytes | Measure-Object -Maximum).Maximum | Should -BeGreaterThan 10300000
        (Read-Stream 'bulk' 'wr/big' -Count 250) | Should -HaveCount 250
    }

    It 'reports a bad row by row number and column, and the other rows land' {
        New-TestStream 'bad'
        $rows = 1..10 | ForEach-Object { New-Row $_ }
        $rows[6].n = 'twelve'
        $rows[8].at = 'not a time'
        $result = $rows | Add-CdfRecord -Stream bad -Space wr -Container wr/all -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 2
        $err.FullyQualifiedErrorId | ForEach-Object { $_ | Should -BeLike 'InvalidRecordValue*' }
        "$($err[0])" | Should -Match "Row 7 .*column 'n'.*'twelve' is not an integer"
        "$($err[1])" | Should -Match "Row 9 .*column 'at'.*not a timestamp"
        ($result | Where-Object Status -EQ 'Failed').Row | Sort-Object | Should -Be @(7, 9)
        ($result | Where-Object Status -EQ 'Succeeded') | Should -HaveCount 8
        (Read-Stream 'bad' -Count 8).ExternalId | Sort-Object | Should -Be @($rows | Where-Object { $_.ExternalId -notin 'r00007', 'r00009' } | ForEach-Object ExternalId)
    }

    It 'refuses a missing non-nullable value per row, before sending it' {
        New-TestStream 'req'
        @(@{ ExternalId = 'a'; must = 'yes' }, @{ ExternalId = 'b'; maybe = 'no' }) |
            Add-CdfRecord -Stream req -Space wr -Container wr/req -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'MissingRequiredValue*'
        (Read-Stream 'req' 'wr/req' -Count 1).ExternalId | Should -Be @('a')
    }

    It 'stops on a column that matches no property, unless mapped or ignored' {
        New-TestStream 'map'
        { @{ ExternalId = 'm1'; color = 'red' } | Add-CdfRecord -Stream map -Space wr -Container wr/all -ErrorAction Stop } | Should -Throw "*'color' matches no property*"
        Requests '/streams/map/records' | Should -HaveCount 0
        @{ ExternalId = 'm1'; color = 'red'; n = 1 } | Add-CdfRecord -Stream map -Space wr -Container wr/all -IgnoreUnknownColumn
        @{ key = 'm2'; color = 'blue'; count = '7'; list = 'a|b' } | Add-CdfRecord -Stream map -Space wr -Container wr/all -Property @{ key = 'externalId'; color = 'name'; count = 'n'; list = 'tags' } -ListSeparator '|'
        $back = Read-Stream 'map' -Count 2
        ($back | Where-Object ExternalId -EQ 'm1').n | Should -Be 1
        $m2 = $back | Where-Object ExternalId -EQ 'm2'
        $m2.name | Should -Be 'blue'
        $m2.n | Should -Be 7
        @($m2.tags) | Should -Be @('a', 'b')
    }

    It 'sends what waits when the input pauses (a slow source upstream), without waiting for a full batch' {
        New-TestStream 'trickle'
        & { @{ ExternalId = 't1'; n = 1 }; Start-Sleep -Milliseconds 2600; @{ ExternalId = 't2'; n = 2 } } |
            Add-CdfRecord -Stream trickle -Space wr -Container wr/all
        $sent = Requests '/streams/trickle/records'
        @($sent | ForEach-Object { ($_.body | ConvertFrom-Json).items.externalId }) | Should -Be @('t1', 't2')
    }

    It '-WhatIf sends nothing' {
        New-TestStream 'whatif'
        1..5 | ForEach-Object { New-Row $_ } | Add-CdfRecord -Stream whatif -Space wr -Container wr/all -WhatIf
        1..5 | ForEach-Object { New-Row $_ } | Set-CdfRecord -Stream whatif -Space wr -Container wr/all -WhatIf
        'r00001' | Remove-CdfRecord -Stream whatif -Space wr -WhatIf
        Get-CdfEmulatorRequest -Emulator $emu | Should -HaveCount 0
    }

    It 'copies a stream into another with one pipeline' {
        New-TestStream 'copy'
        # A json value's keys keep their order through the copy (not a hashtable's order).
        @{ ExternalId = 'multi'; doc = '{"z":1,"y":2,"x":3,"w":4,"v":5,"u":6,"t":7,"s":8}' } | Add-CdfRecord -Stream bad -Space wr -Container wr/all
        # What is copied is what the sync shows: first wait until it shows the record just written.
        $bad = Read-Stream 'bad' -Until { $_.ExternalId -contains 'multi' }
        $bad.ExternalId | Should -Contain 'multi'
        Clear-CdfSyncState
        Sync-CdfRecord -Stream bad -Source wr/all -InitializeCursor '1d-ago' | Add-CdfRecord -Stream copy -Container wr/all
        $a = $bad | Select-Object * -ExcludeProperty Status, CreatedTime, LastUpdatedTime | ConvertTo-Json -Depth 5
        $b = Read-Stream 'copy' -Count $bad.Count | Select-Object * -ExcludeProperty Status, CreatedTime, LastUpdatedTime | ConvertTo-Json -Depth 5
        $b | Should -Be $a
        "$((Read-Stream 'copy' | Where-Object ExternalId -EQ 'multi').doc)" | Should -BeExactly '{"z":1,"y":2,"x":3,"w":4,"v":5,"u":6,"t":7,"s":8}'
    }
}

Describe 'Set-CdfRecord and Remove-CdfRecord' {
    It 'upsert shows updated in sync, delete shows tombstones, and tombstones piped back are skipped' {
        New-TestStream 'upd'
        1..5 | ForEach-Object { @{ ExternalId = "u$_"; n = $_; name = 'first' } } | Add-CdfRecord -Stream upd -Space wr -Container wr/all
        1..3 | ForEach-Object { @{ ExternalId = "u$_"; n = $_ * 10 } } | Set-CdfRecord -Stream upd -Space wr -Container wr/all
        $back = Read-Stream 'upd' -Until { @($_ | Where-Object Status -EQ 'updated').Count -ge 3 } | Sort-Object ExternalId
        ($back | Where-Object Status -EQ 'updated').ExternalId | Should -Be @('u1', 'u2', 'u3')
        ($back | Where-Object ExternalId -EQ 'u2').n | Should -Be 20
        ($back | Where-Object ExternalId -EQ 'u2').name | Should -BeNullOrEmpty   # replaced whole
        ($back | Where-Object ExternalId -EQ 'u5').Status | Should -Be 'created'

        $back | Where-Object { $_.ExternalId -in 'u4', 'u5' } | Remove-CdfRecord -Stream upd -Confirm:$false
        $after = Read-Stream 'upd' -Until { @($_ | Where-Object Status -EQ 'deleted').Count -ge 2 }
        ($after | Where-Object Status -EQ 'deleted').ExternalId | Sort-Object | Should -Be @('u4', 'u5')
        ($after | Where-Object Status -EQ 'deleted')[0].n | Should -BeNullOrEmpty

        New-TestStream 'upd2'
        $r = $after | Add-CdfRecord -Stream upd2 -Container wr/all -PassThru -WarningVariable warn
        ($r | Where-Object Status -EQ 'Skipped').ExternalId | Sort-Object | Should -Be @('u4', 'u5')
        "$warn" | Should -Match '2 tombstone'
        (Read-Stream 'upd2' -Count 3) | Should -HaveCount 3
    }

    It 'refuses upsert and delete on an immutable stream before writing' {
        New-TestStream 'imm' -Template ImmutableTestStream
        { @{ ExternalId = 'a'; n = 1 } | Set-CdfRecord -Stream imm -Space wr -Container wr/all -ErrorAction Stop } | Should -Throw '*immutable*'
        { Remove-CdfRecord -Stream imm -Space wr -ExternalId a -ErrorAction Stop } | Should -Throw '*immutable*'
        Requests '/records' | Should -HaveCount 0
    }

    It 'reports an existing id on ingest as RecordExists, and writes the rest of the batch' {
        New-TestStream 'dup'
        @{ ExternalId = 'd1'; n = 1 } | Add-CdfRecord -Stream dup -Space wr -Container wr/all
        $r = 1..3 | ForEach-Object { @{ ExternalId = "d$_"; n = $_ * 100 } } |
            Add-CdfRecord -Stream dup -Space wr -Container wr/all -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'RecordExists*'
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        "$err" | Should -Match 'x-request-id'
        ($r | Where-Object Status -EQ 'Succeeded').ExternalId | Sort-Object | Should -Be @('d2', 'd3')
        ((Read-Stream 'dup' -Count 3) | Where-Object ExternalId -EQ 'd1').n | Should -Be 1
    }
}

Describe 'Faults during writes' {
    AfterEach { Clear-CdfEmulatorFault -Emulator $emu }

    It 'throttling (429) and 503s during an ingest lose nothing and duplicate nothing' {
        New-TestStream 'throttle'
        Set-CdfEmulatorFault -Emulator $emu -Path '/streams/throttle/records' -Sequence @(
            @{ status = 429 }, @{ kind = 'none' }, @{ status = 503 }, @{ status = 429 }, @{ kind = 'none' }, @{ status = 429 })
        $result = 1..3500 | ForEach-Object { @{ ExternalId = "t$_"; n = $_ } } |
            Add-CdfRecord -Stream throttle -Space wr -Container wr/all -PassThru -ErrorVariable err -ThrottleLimit 2
        $err | Should -HaveCount 0
        ($result | Where-Object Status -EQ 'Succeeded') | Should -HaveCount 3500
        (Requests '/streams/throttle/records' | Where-Object status -In 429, 503) | Should -HaveCount 4
        $back = Read-Stream 'throttle' -Count 3500
        $back | Should -HaveCount 3500
        ($back.ExternalId | Sort-Object -Unique) | Should -HaveCount 3500
        ($back | Where-Object Status -NE 'created') | Should -HaveCount 0
    }

    It 'a request that landed but lost its answer is retried, and the 409 is recognised as success' {
        New-TestStream 'landed'
        # 'drop' processes the request, then cuts the response: the records are written, the client sees a dropped connection.
        Set-CdfEmulatorFault -Emulator $emu -Path '/streams/landed/records' -Kind drop -Count 1
        $result = 1..1500 | ForEach-Object { @{ ExternalId = "l$_"; n = $_; at = '2024-05-01T10:00:00.5+02:00'; tags = '["x"]' } } |
            Add-CdfRecord -Stream landed -Space wr -Container wr/all -PassThru -ErrorVariable err -ThrottleLimit 1
        $err | Should -HaveCount 0
        ($result | Where-Object Status -EQ 'Succeeded') | Should -HaveCount 1500
        ($result | Where-Object Note -Match 'earlier attempt had landed') | Should -HaveCount 1000
        $sent = Requests '/streams/landed/records' | Where-Object { $_.path -like '*/records' }
        $sent.status | Should -Contain 409
        ($sent | Where-Object fault -EQ 'drop') | Should -HaveCount 1
        $back = Read-Stream 'landed' -Count 1500
        $back | Should -HaveCount 1500
        ($back | Where-Object Status -NE 'created') | Should -HaveCount 0
    }

    It 'a record that landed but cannot be read back is RecordNotVerified, never failed, and not sent again' {
        New-TestStream 'unverified'
        Set-CdfEmulatorFault -Emulator $emu -Path '/streams/unverified/records' -Kind drop -Count 1
        # The read-back is refused (a token without read access): the writer cannot confirm what it wrote.
        Set-CdfEmulatorFault -Emulator $emu -Path '/streams/unverified/records/filter' -Status 403
        $result = 1..5 | ForEach-Object { @{ ExternalId = "u$_"; n = $_ } } |
            Add-CdfRecord -Stream unverified -Space wr -Container wr/all -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 5
        $err | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'RecordNotVerified*' }
        $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        "$($err[0])" | Should -Match 'probably written'
        ($result | Where-Object Status -EQ 'NotVerified') | Should -HaveCount 5
        ($result | Where-Object Status -EQ 'Failed') | Should -HaveCount 0
        (Requests '/streams/unverified/records' | Where-Object { $_.path -like '*/records' }) | Should -HaveCount 2
        Clear-CdfEmulatorFault -Emulator $emu
        (Read-Stream 'unverified' -Count 5) | Should -HaveCount 5
    }

    It 'after a retry, a 409 for a record with other values is still a conflict' {
        New-TestStream 'clash'
        @{ ExternalId = 'c1'; n = 1 } | Add-CdfRecord -Stream clash -Space wr -Container wr/all
        Set-CdfEmulatorFault -Emulator $emu -Path '/streams/clash/records' -Sequence @(@{ status = 503 })
        $r = @(@{ ExternalId = 'c1'; n = 2 }, @{ ExternalId = 'c2'; n = 3 }) |
            Add-CdfRecord -Stream clash -Space wr -Container wr/all -PassThru -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        "$($err[0])" | Should -Match 'other values'
        ($r | Where-Object Status -EQ 'Succeeded').ExternalId | Should -Be @('c2')
        ((Read-Stream 'clash' -Count 2) | Where-Object ExternalId -EQ 'c1').n | Should -Be 1
    }
}

Describe 'Writes with a -TokenProvider connection' {
    It 'gets new tokens from the script block for requests retried while the input pauses' {
        New-TestStream 'tokens'
        $global:CdfTestTokenCalls = 0
        # Tokens that live 31 s are stale after 1 s (30 s leeway): the retry below needs a new one.
        $conn = Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -PassThru -TokenProvider {
            $global:CdfTestTokenCalls++
            New-CdfEmulatorToken -Emulator $emu -Lifetime (New-TimeSpan -Seconds 31)
        }
        try {
            Set-CdfEmulatorFault -Emulator $emu -Path '/streams/tokens/records' -Sequence @(@{ status = 503; latencyMs = 1500 })
            $before = $global:CdfTestTokenCalls
            $verbose = & { 1..1000 | ForEach-Object { @{ ExternalId = "k$_"; n = $_ } }; Start-Sleep -Seconds 3; @{ ExternalId = 'k1001'; n = 1001 } } |
                Add-CdfRecord -Stream tokens -Space wr -Container wr/all -Connection $conn -ErrorVariable err -Verbose 4>&1
            $err | Should -HaveCount 0
            # The only retry is the injected 503's: the script block was reachable when the retry needed a token.
            @($verbose | Where-Object { "$_" -like 'Retry *' }) | Should -HaveCount 1
            "$verbose" | Should -Not -Match 'OperationCanceledException'
            "$verbose" | Should -Match '503'

            $global:CdfTestTokenCalls | Should -BeGreaterThan ($before + 1)
            (Read-Stream 'tokens' -Count 1001) | Should -HaveCount 1001
        }
        finally {
            Clear-CdfEmulatorFault -Emulator $emu
            Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -Quiet
        }
    }
}

Describe 'Public surface' {
    It 'shows no engine type in any parameter or output' {
        $engine = 'CogniteRecords.Core'
        $types = [System.Collections.Generic.List[type]]::new()
        foreach ($c in Get-Command -Module CogniteRecords -CommandType Cmdlet) {
            foreach ($p in $c.Parameters.Values) { $types.Add($p.ParameterType) }
            foreach ($o in $c.OutputType) { if ($o.Type) { $types.Add($o.Type) } }
        }
        foreach ($t in [CogniteRecords.CdfStream], [CogniteRecords.CdfContainer], [CogniteRecords.CdfContainerProperty], [CogniteRecords.CdfRecordWriteResult]) {
            foreach ($p in $t.GetProperties()) { $types.Add($p.PropertyType) }
        }
        $all = foreach ($t in $types) { $t; if ($t.IsArray) { $t.GetElementType() }; if ($t.IsGenericType) { $t.GetGenericArguments() } }
        @($all | Where-Object { $_.Assembly.GetName().Name -eq $engine } | ForEach-Object FullName) | Should -BeNullOrEmpty
        $all.Count | Should -BeGreaterThan 50
    }
}

Describe 'Get-CdfRecord' {
    BeforeAll {
        New-TestStream 'query'
        1..30 | ForEach-Object { @{ ExternalId = 'q{0:D2}' -f $_; n = $_; name = if ($_ % 2) { 'odd' } else { 'even' } } } |
            Add-CdfRecord -Stream query -Space wr -Container wr/all
        New-TestStream 'archive' -Template BasicArchive
        1..5 | ForEach-Object { @{ ExternalId = "a$_"; n = $_ } } | Add-CdfRecord -Stream archive -Space wr -Container wr/all
        # The queries below expect every record written above: wait until they show (reads lag writes).
        (Wait-Read { Get-CdfRecord query -Source wr/all -Limit 1000 } { $_.Count -ge 30 }) | Should -HaveCount 30
        (Wait-Read { Get-CdfRecord archive -Source wr/all -UpdatedAfter ([timespan]::FromHours(1)) } { $_.Count -ge 5 }) | Should -HaveCount 5
    }

    It 'filters, sorts and limits' {
        $r = Get-CdfRecord query -Source wr/all -Filter (New-CdfRecordFilter -Property wr/all/name -Equals 'odd') -Sort 'wr/all/n:desc' -Limit 3
        $r.ExternalId | Should -Be @('q29', 'q27', 'q25')
        $r[0].n | Should -Be 29
        # An instance of a class made for these columns (as Sync-CdfRecord's records are), deriving from CogniteRecords.Record.
        $r[0] | Should -BeOfType ([CogniteRecords.Record])
        $r[0].PSObject.TypeNames[1] | Should -Be 'CogniteRecords.Record'
    }

    It 'needs a lower bound on an immutable stream, before any request' {
        Clear-CdfEmulatorRequest -Emulator $emu
        { Get-CdfRecord archive -Source wr/all -ErrorAction Stop } | Should -Throw '*lower bound*'
        Requests '/records/filter' | Should -HaveCount 0
    }

    It 'splits a range longer than maxFilteringInterval into several requests' {
        Clear-CdfEmulatorRequest -Emulator $emu
        $r = Get-CdfRecord archive -Source wr/all -UpdatedAfter ([datetimeoffset]::UtcNow.AddYears(-3)) -Sort externalId
        $r.ExternalId | Sort-Object | Should -Be @('a1', 'a2', 'a3', 'a4', 'a5')
        $sent = Requests '/records/filter'
        $sent.Count | Should -BeGreaterOrEqual 4
        $sent.status | Sort-Object -Unique | Should -Be 200
        foreach ($q in $sent) {
            $w = ($q.body | ConvertFrom-Json).lastUpdatedTime
            $end = if ($null -ne $w.lt) { $w.lt } else { [datetimeoffset]::UtcNow.ToUnixTimeMilliseconds() }
            ($end - $w.gte) | Should -BeLessOrEqual ([timespan]::FromDays(366).TotalMilliseconds)
        }
        # A short range is one request.
        Clear-CdfEmulatorRequest -Emulator $emu
        Get-CdfRecord archive -Source wr/all -UpdatedAfter ([timespan]::FromHours(1)) | Should -HaveCount 5
        Requests '/records/filter' | Should -HaveCount 1
    }

    It 'refuses a bad sort key before any request' {
        Clear-CdfEmulatorRequest -Emulator $emu
        { Get-CdfRecord query -Sort 'nope' -ErrorAction Stop } | Should -Throw '*sort key*'
        Get-CdfEmulatorRequest -Emulator $emu | Should -HaveCount 0
    }
}
