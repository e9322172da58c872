#Requires -Version 7.4
# Spaces and containers against the emulator, over real HTTP: Get-/New-/Remove-CdfSpace, New-/Remove-CdfContainer
# (-Property, -FromObject and its proposal), enum properties written and read as text, tab completion, and every
# refusal that must come before any request. The emulator's request log shows what was sent.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModules
    $script:emu = Start-CdfEmulator
    Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -Quiet
    function script:Requests([string] $Path, [string] $Method) {
        @(Get-CdfEmulatorRequest -Path $Path -Method $Method -Emulator $emu | Where-Object { $_.path -notlike '/_emulator*' })
    }
    function script:Clear-Log { Clear-CdfEmulatorRequest -Emulator $emu }
    function script:Complete([string] $Line) {
        @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches | ForEach-Object CompletionText)
    }
    # The error a command writes, with its output thrown away.
    function script:Error-Of([scriptblock] $Command) {
        try { $out = & $Command 2>&1 } catch { return $_ }
        @($out | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) | Select-Object -First 1
    }
}

AfterAll {
    Disconnect-CdfProject -ErrorAction SilentlyContinue
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'Spaces' {
    It 'creates a space, finds it, and keeps it when created again without sending a write' {
        $s = New-CdfSpace plant -Name 'Plant' -Description 'Sensors'
        $s | Should -BeOfType ([CogniteRecords.CdfSpace])
        $s.Space | Should -Be 'plant'
        $s.Name | Should -Be 'Plant'
        $s.CreatedTime | Should -BeOfType ([datetimeoffset])
        (Get-CdfSpace plant).Description | Should -Be 'Sensors'

        Clear-Log
        $again = New-CdfSpace plant
        $again.Name | Should -Be 'Plant'
        Requests '/models/spaces' POST | Where-Object { $_.path -like '*/models/spaces' } | Should -HaveCount 0

        $renamed = New-CdfSpace plant -Name 'Plant 2'
        $renamed.Name | Should -Be 'Plant 2'
        $renamed.Description | Should -Be 'Sensors'
    }

    It 'lists every space over several pages, and matches wildcards' {
        $items = 1..1001 | ForEach-Object { @{ space = 'many{0:D4}' -f $_ } }
        for ($i = 0; $i -lt $items.Count; $i += 100) {
            Invoke-TestApi $emu -Path 'models/spaces' -Body @{ items = @($items[$i..([Math]::Min($i + 99, $items.Count - 1))]) } | Out-Null
        }
        Clear-Log
        $all = @(Get-CdfSpace)
        ($all | Where-Object Space -like 'many*').Count | Should -Be 1001
        (Requests '/models/spaces' GET).Count | Should -Be 2
        @(Get-CdfSpace 'many100*').Space | Should -Be @('many1000', 'many1001')
    }

    It 'reports a space that does not exist, and refuses invalid and reserved ids before any request' {
        $e = Error-Of { Get-CdfSpace nosuchspace }
        $e.FullyQualifiedErrorId | Should -BeLike 'SpaceNotFound*'
        Clear-Log
        foreach ($bad in '1plant', 'system', ('x' * 44), '') {
            $e = Error-Of { New-CdfSpace $bad }
            $e.FullyQualifiedErrorId | Should -BeLike 'InvalidSpace*'
        }
        (Error-Of { New-CdfSpace 'system' }).Exception.Message | Should -Match 'reserved'
        (Error-Of { New-CdfSpace '1plant' }).Exception.Message | Should -Match '1-43 characters'
        (Error-Of { Remove-CdfSpace '1plant' -Confirm:$false }).FullyQualifiedErrorId | Should -BeLike 'InvalidSpace*'
        Requests '/models' | Should -HaveCount 0
    }

    It 'sends nothing with -WhatIf' {
        Clear-Log
        New-CdfSpace whatif_space -WhatIf | Should -BeNullOrEmpty
        Remove-CdfSpace plant -WhatIf
        Requests '/models' | Should -HaveCount 0
        (Get-CdfSpace plant).Space | Should -Be 'plant'
    }

    It 'removes an empty space, and refuses one that holds a container, naming it' {
        New-CdfSpace emptyone | Out-Null
        Remove-CdfSpace emptyone -Confirm:$false
        Error-Of { Get-CdfSpace emptyone } | Should -Not -BeNullOrEmpty

        New-CdfSpace fullone | Out-Null
        New-CdfContainer fullone/keeper -Property @{ p = 'text' } | Out-Null
        $e = Error-Of { Remove-CdfSpace fullone -Confirm:$false }
        $e.FullyQualifiedErrorId | Should -BeLike 'SpaceNotEmpty*'
        $e.Exception.Message | Should -Match 'keeper'
        $e.ErrorDetails.RecommendedAction | Should -Match 'Remove-CdfContainer'
        (Get-CdfSpace fullone).Space | Should -Be 'fullone'

        (Error-Of { Remove-CdfSpace neverwas -Confirm:$false }).FullyQualifiedErrorId | Should -BeLike 'SpaceNotFound*'
    }

    It 'removes spaces piped from Get-CdfSpace' {
        'pipe_a', 'pipe_b' | New-CdfSpace | Out-Null
        Get-CdfSpace 'pipe_*' | Remove-CdfSpace -Confirm:$false
        @(Get-CdfSpace 'pipe_*') | Should -HaveCount 0
    }
}

Describe 'New-CdfContainer -Property' {
    BeforeAll { New-CdfSpace plant | Out-Null }

    It 'creates the container of the issue example, with a list, a required property and an enum' {
        $c = New-CdfContainer plant/reading -Property ([ordered]@{
                temperature = 'float64'; tags = 'text[]'; site = @{ Type = 'text'; Nullable = $false }; state = 'enum(running,stopped)' })
        $c | Should -BeOfType ([CogniteRecords.CdfContainer])
        $c.UsedFor | Should -Be 'record'
        $read = Get-CdfContainer plant/reading
        $read.Properties.Name | Should -Be @('temperature', 'tags', 'site', 'state')
        $p = @{}; foreach ($x in $read.Properties) { $p[$x.Name] = $x }
        $p.temperature.Type | Should -Be 'float64'
        $p.temperature.Nullable | Should -BeTrue
        $p.tags.Type | Should -Be 'text'
        $p.tags.IsList | Should -BeTrue
        $p.site.Nullable | Should -BeFalse
        $p.state.Type | Should -Be 'enum'
        $p.state.Values | Should -Be @('running', 'stopped')
        $p.state.ToString() | Should -Be 'state:enum(running|stopped)'
    }

    It 'sorts the properties of a plain hashtable, and takes enum values from Values' {
        $c = New-CdfContainer sorted -Space plant -Property @{ b = 'int64'; a = @{ Type = 'enum'; Values = 'x', 'y'; Name = 'A' } }
        $c.Properties.Name | Should -Be @('a', 'b')
        $c.Properties[0].Values | Should -Be @('x', 'y')
    }

    It 'refuses a container that exists, and replaces it with -Force' {
        $e = Error-Of { New-CdfContainer plant/sorted -Property @{ c = 'text' } }
        $e.FullyQualifiedErrorId | Should -BeLike 'ContainerExists*'
        $e.Exception.Message | Should -Match '-Force'
        (New-CdfContainer plant/sorted -Property @{ c = 'text' } -Force).Properties.Name | Should -Be @('c')
    }

    It 'refuses <Why> before any request' -ForEach @(
        @{ Why = 'an unknown type'; Container = 'plant/bad'; Property = @{ p = 'decimal' }; Id = 'InvalidProperty'; Match = "'decimal'.*'p'" }
        @{ Why = 'an enum list'; Container = 'plant/bad'; Property = @{ p = 'enum(a,b)[]' }; Id = 'InvalidProperty'; Match = 'not valid' }
        @{ Why = 'an enum list by key'; Container = 'plant/bad'; Property = @{ p = @{ Type = 'enum'; Values = 'a'; List = $true } }; Id = 'InvalidProperty'; Match = 'cannot be a list' }
        @{ Why = 'an enum without values'; Container = 'plant/bad'; Property = @{ p = 'enum' }; Id = 'InvalidProperty'; Match = 'no values' }
        @{ Why = 'an invalid enum value'; Container = 'plant/bad'; Property = @{ p = 'enum(ok,not-ok)' }; Id = 'InvalidProperty'; Match = "'not-ok'" }
        @{ Why = 'a reserved enum value'; Container = 'plant/bad'; Property = @{ p = 'enum(true,false)' }; Id = 'InvalidProperty'; Match = 'reserved' }
        @{ Why = 'values on a text'; Container = 'plant/bad'; Property = @{ p = @{ Type = 'text'; Values = 'a' } }; Id = 'InvalidProperty'; Match = 'only an enum' }
        @{ Why = 'an unknown key'; Container = 'plant/bad'; Property = @{ p = @{ Type = 'text'; Colour = 'red' } }; Id = 'InvalidProperty'; Match = "'Colour'" }
        @{ Why = 'a reserved property id'; Container = 'plant/bad'; Property = @{ externalId = 'text' }; Id = 'InvalidProperty'; Match = 'reserved' }
        @{ Why = 'an invalid container id'; Container = 'plant/1bad'; Property = @{ p = 'text' }; Id = 'InvalidContainer'; Match = '1-255 characters' }
        @{ Why = 'a bare id without -Space'; Container = 'bad'; Property = @{ p = 'text' }; Id = 'InvalidContainer'; Match = '-Space' }
        @{ Why = 'no properties'; Container = 'plant/bad'; Property = @{}; Id = 'NoProperties'; Match = 'no properties' }
    ) {
        Clear-Log
        $e = Error-Of { New-CdfContainer $Container -Property $Property }
        $e.FullyQualifiedErrorId | Should -BeLike "$Id*"
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.Exception.Message | Should -Match $Match
        Requests '/models' | Should -HaveCount 0
    }

    It 'refuses more than 100 properties' {
        $many = [ordered]@{}; 1..101 | ForEach-Object { $many["p$_"] = 'text' }
        (Error-Of { New-CdfContainer plant/big -Property $many }).FullyQualifiedErrorId | Should -BeLike 'TooManyProperties*'
    }
}

Describe 'New-CdfContainer -FromObject' {
    BeforeAll {
        New-CdfSpace csv | Out-Null
        $script:rows = @'
externalId,temperature,count,ok,day,at,zip,note,mixed,whole
r1,21.5,3,true,2024-05-01,2024-05-01T10:00:00Z,007,hello,1,1
r2,19,4,FALSE,2024-05-02,2024-05-02,012,,x,2.0
r3,-2e1,-5,true,2024-05-03,2024-05-03T11:30:00.250+02:00,100,bye,2024-05-01,3
'@ | ConvertFrom-Csv
    }

    It 'proposes int64, float64, boolean, date, timestamp and text, nullable where a cell is empty' {
        $c = $rows | New-CdfContainer csv/rows -FromObject
        $p = [ordered]@{}; foreach ($x in $c.Properties) { $p[$x.Name] = $x }
        $p.Keys | Should -Be @('temperature', 'count', 'ok', 'day', 'at', 'zip', 'note', 'mixed', 'whole')
        $p.temperature.Type | Should -Be 'float64'
        $p.count.Type | Should -Be 'int64'
        $p.ok.Type | Should -Be 'boolean'
        $p.day.Type | Should -Be 'date'
        $p.at.Type | Should -Be 'timestamp'
        $p.zip.Type | Should -Be 'text'
        $p.mixed.Type | Should -Be 'text'
        $p.whole.Type | Should -Be 'float64'
        $p.note.Type | Should -Be 'text'
        $p.note.Nullable | Should -BeTrue
        $p.count.Nullable | Should -BeFalse
        $p.temperature.Nullable | Should -BeFalse
    }

    It 'writes the rows it proposed from' {
        New-CdfStream csvrows -Template BasicLiveData | Out-Null
        $rows | Add-CdfRecord -Stream csvrows -Space csv -Container csv/rows
        $read = @(Sync-CdfRecord csvrows -Source csv/rows -InitializeCursor 1d-ago | Sort-Object ExternalId)
        $read.ExternalId | Should -Be @('r1', 'r2', 'r3')
        $read[0].count | Should -Be 3
        $read[2].temperature | Should -Be -20
        $read[0].zip | Should -Be '007'
        $read[1].ok | Should -BeFalse
    }

    It 'shows the proposal with -WhatIf and -Verbose and creates nothing' {
        Clear-Log
        $transcript = Join-Path ([System.IO.Path]::GetTempPath()) ("whatif-{0}.txt" -f [guid]::NewGuid())
        Start-Transcript -Path $transcript | Out-Null
        try { $verbose = $rows | New-CdfContainer csv/proposal -FromObject -WhatIf -Verbose 4>&1 }
        finally { Stop-Transcript | Out-Null }
        $text = Get-Content -Raw $transcript
        Remove-Item $transcript
        $text | Should -Match 'What if: .*Create with 9 properties: temperature: float64 \(not nullable\), count: int64 \(not nullable\)'
        $text | Should -Match 'note: text,'
        ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain 'Property day: date (not nullable)'
        Requests '/models' | Should -HaveCount 0
    }

    It 'leaves out -Exclude columns and takes -Property over the proposal' {
        $c = $rows | New-CdfContainer csv/shaped -FromObject -Exclude note, mixed -Property @{
            zip = 'enum(_007,_012,_100)'; extra = 'json'; whole = @{ Type = 'float32'; Nullable = $true } }
        $c.Properties.Name | Should -Be @('temperature', 'count', 'ok', 'day', 'at', 'zip', 'whole', 'extra')
        $t = @{}; foreach ($x in $c.Properties) { $t[$x.Name] = $x.ToString() }
        $t.zip | Should -Be 'zip:enum(_007|_012|_100)!' -Because 'a type given without Nullable keeps the proposed nullability'
        $t.whole | Should -Be 'whole:float32'
        $t.extra | Should -Be 'extra:json'
    }

    It 'stops before any request on a column that cannot be a property id, naming it' {
        Clear-Log
        $e = Error-Of { [pscustomobject]@{ 'bad column' = 1 } | New-CdfContainer csv/bad -FromObject }
        $e.FullyQualifiedErrorId | Should -BeLike 'InvalidPropertyName*'
        $e.Exception.Message | Should -Match "'bad column'"
        $e.Exception.Message | Should -Match '-Exclude'
        Requests '/models' | Should -HaveCount 0
    }

    It 'reads .NET values by their type and lists as lists' {
        $objects = @(
            [pscustomobject]@{ n = 1; x = 1.5; when = [datetime]'2024-01-01T00:00:00Z'; flags = @('a', 'b'); doc = @{ k = 1 } }
            [pscustomobject]@{ n = 2; x = 2; when = [datetimeoffset]::UtcNow; flags = @('c'); doc = @{ k = 2 } })
        $c = $objects | New-CdfContainer csv/typed -FromObject
        $t = @{}; foreach ($x in $c.Properties) { $t[$x.Name] = $x.ToString() }
        $t.n | Should -Be 'n:int64!'
        $t.x | Should -Be 'x:float64!'
        $t.when | Should -Be 'when:timestamp!'
        $t.flags | Should -Be 'flags:text[]!'
        $t.doc | Should -Be 'doc:json!'
    }
}

Describe 'Enum properties in records' {
    BeforeAll {
        New-CdfSpace valves | Out-Null
        New-CdfContainer valves/valve -Property ([ordered]@{ state = 'enum(open,closed)'; note = 'text' }) | Out-Null
        New-CdfStream valvelog -Template BasicLiveData | Out-Null
    }

    It 'writes enum values from text, refuses others naming the row, column and value, and reads them as text' {
        $csv = @'
externalId,state,note
v1,open,a
v2,ajar,b
v3, closed ,c
v4,Open,d
'@ | ConvertFrom-Csv
        $errs = $null
        $csv | Add-CdfRecord -Stream valvelog -Space valves -Container valves/valve -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 2
        $errs[0].Exception.Message | Should -Match "'ajar' is not a value of the enum \(open, closed\)"
        $errs[0].Exception.Message | Should -Match 'state'
        $errs[1].Exception.Message | Should -Match "did you mean 'open'"
        $read = @(Sync-CdfRecord valvelog -Source valves/valve -InitializeCursor 1d-ago | Sort-Object ExternalId)
        $read.ExternalId | Should -Be @('v1', 'v3')
        $read.state | Should -Be @('open', 'closed')
        $read[0].state | Should -BeOfType ([string])
        (Get-CdfRecord valvelog -Source valves/valve -Limit 10 | Sort-Object ExternalId).state | Should -Be @('open', 'closed')
    }

    It 'updates enum values with Set-CdfRecord' {
        [pscustomobject]@{ externalId = 'v1'; state = 'closed'; note = 'shut' } | Set-CdfRecord -Stream valvelog -Space valves -Container valves/valve
        (Get-CdfRecord valvelog -Source valves/valve -Limit 10 | Where-Object ExternalId -eq v1).state | Should -Be 'closed'
    }
}

Describe 'Remove-CdfContainer' {
    BeforeAll {
        New-CdfSpace rm | Out-Null
        New-CdfContainer rm/unused -Property @{ p = 'text' } | Out-Null
        New-CdfContainer rm/used -Property @{ p = 'text' } | Out-Null
        New-CdfStream rmlog -Template BasicLiveData | Out-Null
        [pscustomobject]@{ externalId = 'u1'; p = 'x' } | Add-CdfRecord -Stream rmlog -Space rm -Container rm/used
    }

    It 'removes a container, and reports one that does not exist' {
        Remove-CdfContainer rm/unused -Confirm:$false
        Error-Of { Get-CdfContainer rm/unused } | Should -Not -BeNullOrEmpty
        (Error-Of { Remove-CdfContainer unused -Space rm -Confirm:$false }).FullyQualifiedErrorId | Should -BeLike 'ContainerNotFound*'
    }

    It 'refuses a container that records hold data in, naming the stream, until the records are gone' {
        $e = Error-Of { Remove-CdfContainer rm/used -Confirm:$false }
        $e.FullyQualifiedErrorId | Should -BeLike 'ContainerInUse*'
        $e.Exception.Message | Should -Match 'rmlog'
        $e.ErrorDetails.RecommendedAction | Should -Match 'Remove-CdfRecord'
        Remove-CdfRecord -Stream rmlog -Space rm -ExternalId u1 -Confirm:$false
        Get-CdfContainer rm/used | Remove-CdfContainer -Confirm:$false
        @(Get-CdfContainer -Space rm) | Should -HaveCount 0
        Remove-CdfSpace rm -Confirm:$false
    }

    It 'sends nothing with -WhatIf and refuses invalid ids before any request' {
        Clear-Log
        Remove-CdfContainer plant/reading -WhatIf
        (Error-Of { Remove-CdfContainer 'plant/bad-id' -Confirm:$false }).FullyQualifiedErrorId | Should -BeLike 'InvalidContainer*'
        Requests '/models' | Should -HaveCount 0
    }
}

Describe 'Tab completion' {
    It 'completes space names and container ids from the project' {
        New-CdfSpace complete_me | Out-Null
        New-CdfContainer complete_me/box -Property @{ p = 'text' } | Out-Null
        Complete 'Remove-CdfSpace complete_' | Should -Contain 'complete_me'
        Complete 'Get-CdfSpace complete_' | Should -Contain 'complete_me'
        Complete 'New-CdfContainer x -Space complete_' | Should -Contain 'complete_me'
        Complete 'Remove-CdfContainer complete_me/' | Should -Contain 'complete_me/box'
    }
}
