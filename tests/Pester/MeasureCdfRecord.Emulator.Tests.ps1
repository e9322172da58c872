#Requires -Version 7.4
# Measure-CdfRecord end to end against the emulator, over real HTTP. The expected answers come from the records the
# test wrote (Measure-Object, Group-Object and plain arithmetic in PowerShell), or from Sync-CdfRecord | Measure-Object
# over the same records; invalid aggregates are refused with no aggregate request sent.

BeforeDiscovery {
    # uniqueValues of space nested $Levels - 1 deep (ids l1, l2, ...), with $Leaf (id 'a') at the bottom.
    function script:Nest([int] $Levels, [hashtable] $Leaf) {
        $tree = @{ a = $Leaf }
        for ($i = $Levels - 1; $i -ge 1; $i--) { $tree = @{ "l$i" = @{ uniqueValues = @{ property = 'space'; aggregates = $tree } } } }
        $tree
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModules

    $script:emu = Start-CdfEmulator
    $headers = @{ Authorization = "Bearer $($emu.Token)" }
    function script:Post([string] $Path, $Body) {
        Invoke-RestMethod -Method Post "$($emu.ProjectUrl)$Path" -Headers $headers -ContentType 'application/json' -Body ($Body | ConvertTo-Json -Depth 20 -Compress)
    }
    $prop = { param($type, [switch] $List) @{ type = @{ type = $type; list = [bool]$List }; nullable = $true } }
    Post '/models/spaces' @{ items = @(@{ space = 'msr' }) } | Out-Null
    Post '/models/containers' @{ items = @(
            @{ space = 'msr'; externalId = 'c'; usedFor = 'record'; properties = @{
                    temperature = & $prop float64; n = & $prop int64; site = & $prop text; active = & $prop boolean
                    at = & $prop timestamp; tags = & $prop text -List; blob = & $prop json } },
            # A second container with a 'site' too: the bare name 'site' is ambiguous.
            @{ space = 'msr'; externalId = 'other'; usedFor = 'record'; properties = @{ site = & $prop text } }) } | Out-Null
    Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -Quiet
    New-CdfStream measure-live -Template BasicLiveData | Out-Null

    # Values exact in binary (quarters, integers), so sums do not depend on the order of adding.
    $sites = 'north', 'south', 'east', 'west'
    $script:data = foreach ($i in 0..39) {
        $r = [ordered]@{ Space = 'msr'; ExternalId = 'm{0:d2}' -f $i; temperature = $null; n = $null; site = $null }
        if ($i % 7 -ne 3) { $r.temperature = (($i * 37) % 61 - 20) * 0.25 }
        if ($i % 5 -ne 1) { $r.n = ($i * 13) % 17 }
        if ($i % 9 -ne 4) { $r.site = $sites[($i * 7) % 5 % 4] }
        $r.active = $i % 3 -eq 0
        $r.at = [DateTimeOffset]::new(2024, 1, 1, 0, 0, 0, [TimeSpan]::Zero).AddHours($i * 29)
        $r.blob = @{ k = $i }
        [pscustomobject]$r
    }
    $data | Add-CdfRecord measure-live -Container msr/c
    Start-Sleep -Milliseconds 300

    function script:Expect-Close($Actual, $Expected) {
        [Math]::Abs([double]$Actual - [double]$Expected) | Should -BeLessOrEqual (1e-9 * [Math]::Max(1, [Math]::Abs([double]$Expected)))
    }
    function script:Aggregate-Requests { @(Get-CdfEmulatorRequest -Path '/records/aggregate') }
}

AfterAll {
    Disconnect-CdfProject -ErrorAction SilentlyContinue
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'Counting and metrics, as Measure-Object writes them' {
    It 'counts the records with no switches' {
        $m = Measure-CdfRecord measure-live
        $m.Count | Should -Be $data.Count
        $m.PSObject.TypeNames[0] | Should -Be 'CogniteRecords.MeasureInfo'
    }

    It 'counts the records a -Filter selects' {
        $m = Measure-CdfRecord measure-live -Filter (New-CdfRecordFilter -Property msr/c/active -Equals $true)
        $m.Count | Should -Be @($data | Where-Object active).Count
    }

    It 'measures <Property> with every metric' -TestCases @(
        @{ Property = 'temperature' }, @{ Property = 'n' }, @{ Property = 'msr/c/temperature' }) {
        $name = $Property.Split('/')[-1]
        $expected = $data | Where-Object { $null -ne $_.$name } | Measure-Object -Property $name -Sum -Average -Minimum -Maximum
        $m = Measure-CdfRecord measure-live -Property $Property -Sum -Average -Minimum -Maximum
        $m.Property | Should -Be $Property
        $m.Count | Should -Be $expected.Count
        Expect-Close $m.Sum $expected.Sum
        Expect-Close $m.Average $expected.Average
        Expect-Close $m.Minimum $expected.Minimum
        Expect-Close $m.Maximum $expected.Maximum
    }

    It 'writes one object per property, in order' {
        $m = @(Measure-CdfRecord measure-live -Property temperature, n, at -Maximum)
        $m.Property | Should -Be @('temperature', 'n', 'at')
        Expect-Close $m[1].Maximum ($data.n | Measure-Object -Maximum).Maximum
        $m[1].Average | Should -BeNullOrEmpty
    }

    It 'gives the minimum and maximum of times as times' {
        $m = Measure-CdfRecord measure-live -Property at, lastUpdatedTime -Minimum -Maximum
        $m[0].Minimum | Should -Be ($data.at | Sort-Object | Select-Object -First 1)
        $m[0].Maximum | Should -Be ($data.at | Sort-Object | Select-Object -Last 1)
        $m[1].Maximum | Should -BeOfType [DateTimeOffset]
    }
}

Describe 'Groups, as Group-Object writes them' {
    It 'groups by <GroupBy> largest first, ties by value' -TestCases @(
        @{ GroupBy = 'msr/c/site'; Name = 'site' }, @{ GroupBy = 'n'; Name = 'n' }, @{ GroupBy = 'active'; Name = 'active' }) {
        $expected = $data | Where-Object { $null -ne $_.$Name } | Group-Object -Property $Name |
            Sort-Object @{ Expression = 'Count'; Descending = $true }, @{ Expression = { $_.Group[0].$Name } }
        $groups = @(Measure-CdfRecord measure-live -GroupBy $GroupBy -Top 20)
        $groups.Count | Should -Be @($expected).Count
        ($groups | ForEach-Object { "$($_.Value)=$($_.Count)" }) | Should -Be ($expected | ForEach-Object { "$($_.Group[0].$Name)=$($_.Count)" })
        $groups[0].PSObject.TypeNames[0] | Should -Be 'CogniteRecords.GroupInfo'
    }

    It 'keeps the -Top largest groups' {
        $groups = @(Measure-CdfRecord measure-live -GroupBy msr/c/n -Top 3)
        $groups.Count | Should -Be 3
        $all = @(Measure-CdfRecord measure-live -GroupBy msr/c/n -Top 2000)
        ($groups | ForEach-Object Value) | Should -Be ($all | Select-Object -First 3 | ForEach-Object Value)
    }

    It 'measures -Property within each group' {
        $groups = Measure-CdfRecord measure-live -GroupBy msr/c/site -Property temperature -Average -Maximum
        foreach ($g in $groups) {
            $expected = $data | Where-Object { $_.site -eq $g.Value -and $null -ne $_.temperature } | Measure-Object temperature -Average -Maximum
            Expect-Close $g.Average $expected.Average
            Expect-Close $g.Maximum $expected.Maximum
        }
    }

    It 'gives each of several properties its own measure within a group' {
        $g = Measure-CdfRecord measure-live -GroupBy active -Property temperature, n -Sum | Where-Object Value -EQ $true
        Expect-Close $g.n.Sum ($data | Where-Object active | Measure-Object n -Sum).Sum
        Expect-Close $g.temperature.Sum ($data | Where-Object active | Measure-Object temperature -Sum).Sum
    }
}

Describe 'Histograms' {
    It 'buckets numbers by -Interval, empty buckets between included' {
        $buckets = @(Measure-CdfRecord measure-live -Histogram temperature -Interval 2.5)
        $ks = $data | Where-Object { $null -ne $_.temperature } | ForEach-Object { [Math]::Floor($_.temperature / 2.5) }
        $keys = $ks | Group-Object -AsHashTable -AsString
        $lo = ($ks | Measure-Object -Minimum).Minimum; $hi = ($ks | Measure-Object -Maximum).Maximum
        $buckets.Count | Should -Be ($hi - $lo + 1)
        for ($k = $lo; $k -le $hi; $k++) {
            $b = $buckets[$k - $lo]
            $b.Start | Should -Be ($k * 2.5)
            $b.Count | Should -Be $(if ($keys["$k"]) { $keys["$k"].Count } else { 0 })
        }
    }

    It 'buckets times by -CalendarInterval 1w (weeks from Monday) with metrics' {
        $buckets = @(Measure-CdfRecord measure-live -Histogram at -CalendarInterval 1w -Property n -Sum)
        foreach ($b in $buckets) {
            $b.Start.DayOfWeek | Should -Be 'Monday'
            $in = @($data | Where-Object { $_.at -ge $b.Start -and $_.at -lt $b.Start.AddDays(7) })
            $b.Count | Should -Be $in.Count
            Expect-Close $b.Sum ($in | Measure-Object n -Sum).Sum
        }
        ($buckets.Count) | Should -BeGreaterThan 3
        ($buckets | Measure-Object Count -Sum).Sum | Should -Be $data.Count
    }

    It 'buckets times by -FixedInterval' {
        $buckets = @(Measure-CdfRecord measure-live -Histogram msr/c/at -FixedInterval 3d)
        $span = [TimeSpan]::FromDays(3).Ticks
        $expected = $data | Group-Object { [Math]::Floor(($_.at.UtcTicks - [DateTimeOffset]::UnixEpoch.UtcTicks) / $span) } -AsHashTable -AsString
        foreach ($b in $buckets) {
            $k = [Math]::Floor(($b.Start.UtcTicks - [DateTimeOffset]::UnixEpoch.UtcTicks) / $span)
            $b.Count | Should -Be $(if ($expected["$k"]) { $expected["$k"].Count } else { 0 })
        }
        ($buckets | Measure-Object Count -Sum).Sum | Should -Be $data.Count
    }
}

Describe '-Aggregate: any tree in the API''s shape' {
    It 'answers every kind, nested, as objects' {
        $r = Measure-CdfRecord measure-live -Aggregate @{
            total  = @{ count = @{} }
            mean   = @{ avg = @{ property = 'msr/c/temperature' } }
            bySite = @{ uniqueValues = @{ property = 'msr/c/site'; size = 2; aggregates = @{
                        hot = @{ filters = @{ filters = @(@{ range = @{ property = @('msr', 'c', 'temperature'); gt = 0 } }, @{ matchAll = @{} }); aggregates = @{
                                    s = @{ sum = @{ property = 'msr/c/n' } } } } } } } }
            hist   = @{ numberHistogram = @{ property = 'msr/c/n'; interval = 4; hardBounds = @{ min = 2; max = 13 }; aggregates = @{
                        c = @{ count = @{} }; mv = @{ movingFunction = @{ bucketsPath = 'c'; window = 2; function = 'MovingFunctions.unweightedAvg' } } } } }
            lo     = @{ min = @{ property = 'msr/c/n' } }
        }
        $r.PSObject.TypeNames[0] | Should -Be 'CogniteRecords.AggregateResult'
        $r.total | Should -Be $data.Count
        Expect-Close $r.mean ($data | Where-Object { $null -ne $_.temperature } | Measure-Object temperature -Average).Average
        $r.lo | Should -Be ($data.n | Measure-Object -Minimum).Minimum

        $top = $data | Where-Object site | Group-Object site | Sort-Object @{ Expression = 'Count'; Descending = $true }, Name | Select-Object -First 2
        $r.bySite.Value | Should -Be $top.Name
        for ($i = 0; $i -lt 2; $i++) {
            $in = $top[$i].Group
            $hot = @($in | Where-Object { $_.temperature -gt 0 })
            $r.bySite[$i].hot[0].Count | Should -Be $hot.Count
            Expect-Close $r.bySite[$i].hot[0].s ($hot | Measure-Object n -Sum).Sum
            $r.bySite[$i].hot[1].Count | Should -Be $in.Count
        }

        $counts = foreach ($k in 0..3) { @($data | Where-Object { $_.n -ge 2 -and $_.n -le 13 -and [Math]::Floor($_.n / 4) -eq $k }).Count }
        $r.hist.IntervalStart | Should -Be @(0, 4, 8, 12)
        ($r.hist | ForEach-Object Count) | Should -Be $counts
        $r.hist[0].mv | Should -BeNullOrEmpty
        Expect-Close $r.hist[1].mv $counts[0]
        Expect-Close $r.hist[3].mv (($counts[1] + $counts[2]) / 2)
    }

    It 'takes the tree as JSON too' {
        (Measure-CdfRecord measure-live -Aggregate '{"n": {"count": {"property": ["msr", "c", "temperature"]}}}').n |
            Should -Be @($data | Where-Object { $null -ne $_.temperature }).Count
    }
}

Describe 'Every invalid aggregate is refused before any request, naming the part' {
    BeforeEach { Clear-CdfEmulatorRequest }

    It '<Name>' -TestCases @(
        @{ Name = 'a dot in an id'; Tree = @{ 'a.b' = @{ count = @{} } }; Message = "aggregates.a.b: the aggregate id 'a.b' must not contain '.'" }
        @{ Name = '_count as an id'; Tree = @{ _count = @{ count = @{} } }; Message = "'_count' is reserved" }
        @{ Name = '_bucket_count as an id'; Tree = @{ _bucket_count = @{ count = @{} } }; Message = "'_bucket_count' is reserved" }
        @{ Name = 'six on one level'; Tree = [ordered]@{ a = @{ count = @{} }; b = @{ count = @{} }; c = @{ count = @{} }; d = @{ count = @{} }; e = @{ count = @{} }; f = @{ count = @{} } }; Message = 'at most 5 aggregates on one level' }
        @{ Name = 'six levels'; Tree = (Nest 6 @{ count = @{} }); Message = 'this is level 6' }
        @{ Name = 'an unknown kind'; Tree = @{ a = @{ median = @{} } }; Message = "unknown aggregate 'median'" }
        @{ Name = 'two kinds in one'; Tree = @{ a = @{ count = @{}; sum = @{} } }; Message = 'exactly one key' }
        @{ Name = 'an unknown field'; Tree = @{ a = @{ avg = @{ property = 'msr/c/n'; size = 2 } } }; Message = "aggregates.a.avg: unknown field 'size'" }
        @{ Name = 'a missing property'; Tree = @{ a = @{ sum = @{} } }; Message = "aggregates.a.sum: missing 'property'" }
        @{ Name = 'a bad property'; Tree = @{ a = @{ sum = @{ property = 'msr/c' } } }; Message = 'aggregates.a.sum.property' }
        @{ Name = 'size 0'; Tree = @{ a = @{ uniqueValues = @{ property = 'msr/c/site'; size = 0 } } }; Message = 'aggregates.a.uniqueValues.size: must be a whole number from 1 to 2000' }
        @{ Name = 'size 2001'; Tree = @{ a = @{ uniqueValues = @{ property = 'msr/c/site'; size = 2001 } } }; Message = 'from 1 to 2000' }
        @{ Name = 'interval 0'; Tree = @{ a = @{ numberHistogram = @{ property = 'msr/c/n'; interval = 0 } } }; Message = 'aggregates.a.numberHistogram.interval: must be a number greater than 0' }
        @{ Name = 'no interval'; Tree = @{ a = @{ numberHistogram = @{ property = 'msr/c/n' } } }; Message = "missing 'interval'" }
        @{ Name = 'hardBounds min above max'; Tree = @{ a = @{ numberHistogram = @{ property = 'msr/c/n'; interval = 1; hardBounds = @{ min = 5; max = 1 } } } }; Message = "'min' must not be greater than 'max'" }
        @{ Name = 'both time intervals'; Tree = @{ a = @{ timeHistogram = @{ property = 'msr/c/at'; calendarInterval = '1d'; fixedInterval = '1d' } } }; Message = "exactly one of 'calendarInterval' and 'fixedInterval'" }
        @{ Name = 'a bad calendar interval'; Tree = @{ a = @{ timeHistogram = @{ property = 'msr/c/at'; calendarInterval = '2d' } } }; Message = 'aggregates.a.timeHistogram.calendarInterval: must be one of 1s, 1m, 1h, 1d, 1w, 1M, 1q, 1y' }
        @{ Name = 'a bad fixed interval'; Tree = @{ a = @{ timeHistogram = @{ property = 'msr/c/at'; fixedInterval = '1M' } } }; Message = 'aggregates.a.timeHistogram.fixedInterval' }
        @{ Name = 'no filters'; Tree = @{ a = @{ filters = @{ filters = @() } } }; Message = 'aggregates.a.filters.filters: must be a list of 1 to 10 filters' }
        @{ Name = 'eleven filters'; Tree = @{ a = @{ filters = @{ filters = @(1..11 | ForEach-Object { @{ matchAll = @{} } }) } } }; Message = '1 to 10 filters' }
        @{ Name = 'an invalid filter in filters'; Tree = @{ a = @{ filters = @{ filters = @(@{ matchAll = @{} }, @{ equals = @{ property = 'msr/c/n' } }) } } }; Message = 'aggregates.a.filters.filters[1]' }
        @{ Name = 'movingFunction outside a histogram'; Tree = @{ a = @{ movingFunction = @{ bucketsPath = '_count'; window = 2; function = 'MovingFunctions.max' } } }; Message = 'movingFunction is allowed only in the aggregates of a numberHistogram or timeHistogram' }
        @{ Name = 'bucketsPath to nothing'; Tree = @{ h = @{ numberHistogram = @{ property = 'msr/c/n'; interval = 5; aggregates = @{ m = @{ movingFunction = @{ bucketsPath = 'x'; window = 2; function = 'MovingFunctions.max' } } } } } }; Message = "aggregates.h.numberHistogram.aggregates.m.movingFunction.bucketsPath: 'x' must name a sibling metric" }
        @{ Name = 'bucketsPath to a bucket aggregate'; Tree = @{ h = @{ numberHistogram = @{ property = 'msr/c/n'; interval = 5; aggregates = @{ u = @{ uniqueValues = @{ property = 'space' } }; m = @{ movingFunction = @{ bucketsPath = 'u'; window = 2; function = 'MovingFunctions.max' } } } } } }; Message = "'u' must name a sibling metric" }
        @{ Name = 'window 0'; Tree = @{ h = @{ numberHistogram = @{ property = 'msr/c/n'; interval = 5; aggregates = @{ m = @{ movingFunction = @{ bucketsPath = '_count'; window = 0; function = 'MovingFunctions.max' } } } } } }; Message = 'window: is required: a whole number of buckets, at least 1' }
        @{ Name = 'an unknown function'; Tree = @{ h = @{ numberHistogram = @{ property = 'msr/c/n'; interval = 5; aggregates = @{ m = @{ movingFunction = @{ bucketsPath = '_count'; window = 2; function = 'MovingFunctions.median' } } } } } }; Message = 'function: is required: one of MovingFunctions.max' }
        @{ Name = 'an empty tree'; Tree = @{}; Message = 'give at least one aggregate' }
        @{ Name = 'invalid JSON'; Tree = '{"a": '; Message = 'not valid JSON' }
    ) {
        $err = { Measure-CdfRecord measure-live -Aggregate $Tree -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidAggregate,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -BeLike "*$([WildcardPattern]::Escape($Message))*"
        @(Get-CdfEmulatorRequest).Count | Should -Be 0
    }

    It 'refuses <Name> before the aggregate request' -TestCases @(
        @{ Name = '-Average of text'; Call = { Measure-CdfRecord measure-live -Property msr/c/site -Average }; Id = 'InvalidAggregate'; Message = "-Average cannot be computed over 'msr/c/site' (text)" }
        @{ Name = '-Sum of a time'; Call = { Measure-CdfRecord measure-live -Property createdTime -Sum }; Id = 'InvalidAggregate'; Message = '-Sum cannot be computed' }
        @{ Name = '-GroupBy json'; Call = { Measure-CdfRecord measure-live -GroupBy blob }; Id = 'InvalidAggregate'; Message = "-GroupBy cannot be computed over 'blob'" }
        @{ Name = 'a number histogram of times'; Call = { Measure-CdfRecord measure-live -Histogram at -Interval 5 }; Id = 'InvalidAggregate'; Message = 'A number histogram (-Interval) cannot be computed' }
        @{ Name = 'a time histogram of numbers'; Call = { Measure-CdfRecord measure-live -Histogram n -FixedInterval 1h }; Id = 'InvalidAggregate'; Message = 'A time histogram cannot be computed' }
        @{ Name = 'an ambiguous bare name'; Call = { Measure-CdfRecord measure-live -GroupBy site }; Id = 'AmbiguousProperty'; Message = "-GroupBy 'site' is ambiguous: 2 containers have a property 'site'. Give its full path 'space/container/site', one of: msr/c/site, msr/other/site." }
        @{ Name = 'an ambiguous bare name among several properties'; Call = { Measure-CdfRecord measure-live -Property temperature, site -Count }; Id = 'AmbiguousProperty'; Message = "one of: msr/c/site, msr/other/site" }
        @{ Name = 'an unknown property'; Call = { Measure-CdfRecord measure-live -Property pressure -Sum }; Id = 'PropertyNotFound'; Message = "no container in the project has a property 'pressure'" }
        @{ Name = 'an unknown container property'; Call = { Measure-CdfRecord measure-live -Property msr/c/pressure }; Id = 'PropertyNotFound'; Message = "has no property 'pressure'" }
    ) {
        $err = { & $Call -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $err.Exception.Message | Should -BeLike "*$([WildcardPattern]::Escape($Message))*"
        Aggregate-Requests | Should -HaveCount 0
    }

    It 'refuses <Name> before any request' -TestCases @(
        @{ Name = 'a histogram with no interval'; Call = { Measure-CdfRecord measure-live -Histogram n }; Id = 'InvalidInterval' }
        @{ Name = 'a histogram with two intervals'; Call = { Measure-CdfRecord measure-live -Histogram at -CalendarInterval 1d -FixedInterval 1d }; Id = 'InvalidInterval' }
        @{ Name = 'a negative interval'; Call = { Measure-CdfRecord measure-live -Histogram n -Interval -1 }; Id = 'InvalidInterval' }
        @{ Name = 'a bad fixed interval'; Call = { Measure-CdfRecord measure-live -Histogram at -FixedInterval 2w }; Id = 'InvalidInterval' }
        @{ Name = 'a metric without -Property'; Call = { Measure-CdfRecord measure-live -Average }; Id = 'PropertyRequired' }
        @{ Name = 'an empty time range'; Call = { Measure-CdfRecord measure-live -UpdatedAfter '2024-02-01' -UpdatedBefore '2024-01-01' }; Id = 'InvalidTimeRange' }
        @{ Name = 'an invalid filter'; Call = { Measure-CdfRecord measure-live -Filter @{ equals = @{ property = 'msr/c/n' } } }; Id = 'InvalidFilter' }
        @{ Name = 'an invalid stream id'; Call = { Measure-CdfRecord 'Bad Stream' }; Id = 'InvalidStreamId' }
        @{ Name = '-Top 0'; Call = { Measure-CdfRecord measure-live -GroupBy msr/c/n -Top 0 }; Id = 'ParameterArgumentValidationError' }
        @{ Name = 'a bad -CalendarInterval'; Call = { Measure-CdfRecord measure-live -Histogram at -CalendarInterval 2d }; Id = 'ParameterArgumentValidationError' }
    ) {
        $err = { & $Call -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike "$Id,*"
        @(Get-CdfEmulatorRequest).Count | Should -Be 0
    }

    It 'says the stream was not found' {
        $err = { Measure-CdfRecord no-such-stream -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'StreamNotFound,*'
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Windows longer than an immutable stream''s maxFilteringInterval are split and combined exactly' {
    BeforeAll {
        # Its own emulator: the clock moves forward a year and a half.
        $script:emu2 = Start-CdfEmulator
        $headers2 = @{ Authorization = "Bearer $($emu2.Token)" }
        function script:Post2([string] $Path, $Body) {
            Invoke-RestMethod -Method Post "$($emu2.ProjectUrl)$Path" -Headers $headers2 -ContentType 'application/json' -Body ($Body | ConvertTo-Json -Depth 20 -Compress)
        }
        Post2 '/models/spaces' @{ items = @(@{ space = 'arc' }) } | Out-Null
        Post2 '/models/containers' @{ items = @(@{ space = 'arc'; externalId = 'c'; usedFor = 'record'; properties = @{
                        temperature = @{ type = @{ type = 'float64' } }; site = @{ type = @{ type = 'text' } } } }) } | Out-Null
        $script:conn2 = Connect-CdfProject -Project $emu2.Project -BaseUrl $emu2.HttpUrl -AccessToken $emu2.Token -PassThru
        New-CdfStream archive -Template BasicArchive -Connection $conn2 | Out-Null
        $script:start = [DateTimeOffset]::UtcNow.AddMinutes(-1)
        # Three batches 200 days apart: 400 days in all, more than the 1-year window.
        foreach ($batch in 0..2) {
            if ($batch -gt 0) { Move-CdfEmulatorClock -Days 200 -Emulator $emu2 | Out-Null }
            0..24 | ForEach-Object {
                $i = $batch * 25 + $_
                [pscustomobject]@{ Space = 'arc'; ExternalId = "a$i"; temperature = (($i * 29) % 53 - 10) * 0.5; site = @('x', 'y', 'z', 'w')[($i * 3 + $batch) % 4] }
            } | Add-CdfRecord archive -Container arc/c -Connection $conn2
        }
        $script:end = $start.AddDays(401)
        # The reference: every record, read back by sync.
        $script:synced = @(Sync-CdfRecord archive -Source arc/c -InitializeCursor 1000d-ago -Connection $conn2)
        $script:window = @{ UpdatedAfter = $start; UpdatedBefore = $end; Connection = $conn2 }
    }

    AfterAll {
        if ($script:emu2) { Stop-CdfEmulator $script:emu2 }
    }

    It 'reads 75 records back by sync' {
        $synced.Count | Should -Be 75
    }

    It 'counts, sums, averages, minimum and maximum as Measure-Object over sync' {
        Clear-CdfEmulatorRequest -Emulator $emu2
        $m = Measure-CdfRecord archive -Property temperature -Sum -Average -Minimum -Maximum @window
        $expected = $synced | Measure-Object temperature -Sum -Average -Minimum -Maximum
        $m.Count | Should -Be $expected.Count
        Expect-Close $m.Sum $expected.Sum
        Expect-Close $m.Average $expected.Average
        Expect-Close $m.Minimum $expected.Minimum
        Expect-Close $m.Maximum $expected.Maximum
        @(Get-CdfEmulatorRequest -Path '/records/aggregate' -Emulator $emu2).Count | Should -Be 2
        (Measure-CdfRecord archive @window).Count | Should -Be $synced.Count
    }

    It 'merges groups with their averages as Group-Object over sync' {
        $groups = @(Measure-CdfRecord archive -GroupBy arc/c/site -Property temperature -Average @window)
        $expected = $synced | Group-Object site | Sort-Object @{ Expression = 'Count'; Descending = $true }, Name
        ($groups | ForEach-Object { "$($_.Value)=$($_.Count)" }) | Should -Be ($expected | ForEach-Object { "$($_.Name)=$($_.Count)" })
        foreach ($g in $groups) { Expect-Close $g.Average ($synced | Where-Object site -EQ $g.Value | Measure-Object temperature -Average).Average }
    }

    It 'merges histogram buckets across windows, with empty ones between and moving functions recomputed' {
        $r = Measure-CdfRecord archive @window -Aggregate @{
            byDay = @{ timeHistogram = @{ property = 'lastUpdatedTime'; calendarInterval = '1d'; aggregates = @{
                        t = @{ sum = @{ property = 'arc/c/temperature' } }
                        mv = @{ movingFunction = @{ bucketsPath = '_count'; window = 300; function = 'MovingFunctions.sum' } } } } }
        }
        $days = $synced | Group-Object { $_.LastUpdatedTime.UtcDateTime.Date } | Sort-Object { [datetime]$_.Name }
        $first = $days[0].Group[0].LastUpdatedTime.UtcDateTime.Date
        $last = $days[-1].Group[0].LastUpdatedTime.UtcDateTime.Date
        $r.byDay.Count | Should -Be (($last - $first).Days + 1)
        ($r.byDay | Measure-Object Count -Sum).Sum | Should -Be 75
        $nonEmpty = @($r.byDay | Where-Object Count -GT 0)
        $nonEmpty.Count | Should -Be $days.Count
        for ($i = 0; $i -lt $days.Count; $i++) {
            $nonEmpty[$i].IntervalStart.UtcDateTime | Should -Be $days[$i].Group[0].LastUpdatedTime.UtcDateTime.Date
            $nonEmpty[$i].Count | Should -Be $days[$i].Count
            Expect-Close $nonEmpty[$i].t ($days[$i].Group | Measure-Object temperature -Sum).Sum
        }
        # 300 days back from the last bucket covers the second batch but not the first.
        Expect-Close $r.byDay[-1].mv 25
        $r.byDay[0].mv | Should -Be 0
    }

    It 'refuses an avg at the fifth level over several windows, before any aggregate request' -TestCases @(@{ Deep = (Nest 5 @{ avg = @{ property = 'arc/c/temperature' } }) }) {
        Clear-CdfEmulatorRequest -Emulator $emu2
        $deep = $Deep
        $err = { Measure-CdfRecord archive -Aggregate $deep @window -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'AggregateNotCombinable,*'
        @(Get-CdfEmulatorRequest -Path '/records/aggregate' -Emulator $emu2).Count | Should -Be 0
        # One window takes it as it is.
        (Measure-CdfRecord archive -Aggregate $deep -UpdatedAfter $start.AddDays(390) -UpdatedBefore $end -Connection $conn2).l1[0].l2[0].l3[0].l4[0].a | Should -Not -BeNullOrEmpty
        Expect-Close (Measure-CdfRecord archive -Aggregate $deep -UpdatedAfter $start.AddDays(390) -UpdatedBefore $end -Connection $conn2).l1[0].l2[0].l3[0].l4[0].a ($synced | Select-Object -Last 25 | Measure-Object temperature -Average).Average
    }

    It 'needs -UpdatedAfter on an immutable stream' {
        $err = { Measure-CdfRecord archive -Connection $conn2 -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'LowerBoundRequired,*'
    }
}
