#Requires -Version 7.4
# New-CdfRecordFilter: every operator from parameters, the expression translator (every construct and every
# refusal), filters in any mix, and the rules checked before any request.

BeforeAll {
    $module = if ($env:COGNITERECORDS_MODULE) { $env:COGNITERECORDS_MODULE } else { Join-Path $PSScriptRoot '../../out/CogniteRecords/CogniteRecords.psd1' }
    Import-Module $module -Force

    # The seed document's example, verbatim.
    $script:Seed = '{"and":[{"containsAll":{"property":["mySpace","myContainer","myProperty"],"values":[10011,10012]}},{"range":{"property":["my_space","my_container","my_weight"],"gte":0}}]}'

    $script:InvalidId = 'InvalidRecordFilter,CogniteRecords.Commands.NewCdfRecordFilterCommand'
    $script:UnsupportedId = 'UnsupportedFilterExpression,CogniteRecords.Commands.NewCdfRecordFilterCommand'

    function script:Json([Parameter(ValueFromPipeline)] $Filter) { process { $Filter.ToString() } }

    # Builds from an expression given as text, so a test can name the column of the offending part.
    function script:FromText([string] $Text, [string] $Container = 's/c') {
        New-CdfRecordFilter -Expression ([scriptblock]::Create($Text)) -Container $Container
    }
}

Describe 'The seed example' {
    It 'comes out exactly as documented from parameters' {
        $f = New-CdfRecordFilter -And @(
            (New-CdfRecordFilter -Property 'mySpace/myContainer/myProperty' -ContainsAll 10011, 10012),
            (New-CdfRecordFilter -Property 'my_space/my_container/my_weight' -Gte 0))
        $f.ToString() | Should -BeExactly $Seed
        $f | Should -BeOfType ([CogniteRecords.RecordFilter])
    }

    It 'comes out exactly as documented from an expression (<Name>)' -TestCases @(
        @{ Name = 'a list with -contains'; Text = "'mySpace/myContainer/myProperty' -contains 10011, 10012 -and 'my_space/my_container/my_weight' -ge 0" }
        @{ Name = 'two -contains folded'; Text = "'mySpace/myContainer/myProperty' -contains 10011 -and 'mySpace/myContainer/myProperty' -contains 10012 -and 'my_space/my_container/my_weight' -ge 0" }
        @{ Name = 'the $_ form'; Text = "`$_.'mySpace/myContainer/myProperty' -contains 10011, 10012 -and `$_.'my_space/my_container/my_weight' -ge 0" }
    ) {
        (FromText $Text -Container 'x/y') | Json | Should -BeExactly $Seed
    }

    It 'comes out exactly as documented from a hashtable and from the JSON itself' {
        $h = @{ and = @(
                @{ containsAll = @{ property = @('mySpace', 'myContainer', 'myProperty'); values = @(10011, 10012) } },
                @{ range = @{ gte = 0; property = 'my_space/my_container/my_weight' } }) }
        New-CdfRecordFilter -And $h.and | Json | Should -BeExactly $Seed
        New-CdfRecordFilter -Not $Seed | Json | Should -BeExactly ('{"not":' + $Seed + '}')
        [CogniteRecords.RecordFilter]::Parse($Seed) | Json | Should -BeExactly $Seed
    }
}

Describe 'New-CdfRecordFilter from parameters' {
    It '<Name>' -TestCases @(
        @{ Name = 'equals';        Make = { New-CdfRecordFilter -Property 's/c/temperature' -Equals 21.5 };  Expected = '{"equals":{"property":["s","c","temperature"],"value":21.5}}' }
        @{ Name = 'equals top';    Make = { New-CdfRecordFilter -Property externalId -Equals 'r1' };          Expected = '{"equals":{"property":["externalId"],"value":"r1"}}' }
        @{ Name = 'equals $null';  Make = { New-CdfRecordFilter -Property 's/c/p' -Equals $null };          Expected = '{"not":{"exists":{"property":["s","c","p"]}}}' }
        @{ Name = 'in';            Make = { New-CdfRecordFilter -Property space -In 'a', 'b' };               Expected = '{"in":{"property":["space"],"values":["a","b"]}}' }
        @{ Name = 'prefix';        Make = { New-CdfRecordFilter -Property externalId -Prefix 'pump-' };       Expected = '{"prefix":{"property":["externalId"],"value":"pump-"}}' }
        @{ Name = 'exists';        Make = { New-CdfRecordFilter -Property 'p' -Container 's/c' -Exists };     Expected = '{"exists":{"property":["s","c","p"]}}' }
        @{ Name = 'containsAny';   Make = { New-CdfRecordFilter -Property 's/c/tags' -ContainsAny 'a', 'b' }; Expected = '{"containsAny":{"property":["s","c","tags"],"values":["a","b"]}}' }
        @{ Name = 'containsAll';   Make = { New-CdfRecordFilter -Property 's/c/tags' -ContainsAll 'a' };      Expected = '{"containsAll":{"property":["s","c","tags"],"values":["a"]}}' }
        @{ Name = 'range gt lte';  Make = { New-CdfRecordFilter -Property 's/c/n' -Lte 10 -Gt 1 };            Expected = '{"range":{"property":["s","c","n"],"gt":1,"lte":10}}' }
        @{ Name = 'range lt';      Make = { New-CdfRecordFilter -Property 's/c/n' -Lt 0.5 };                  Expected = '{"range":{"property":["s","c","n"],"lt":0.5}}' }
        @{ Name = 'range dates';   Make = { New-CdfRecordFilter -Property 's/c/at' -Gte ([datetimeoffset]'2024-01-01T01:00:00+01:00') -Lt ([datetime]::new(2024, 2, 1, 0, 0, 0, [DateTimeKind]::Utc)) }
                                   Expected = '{"range":{"property":["s","c","at"],"gte":"2024-01-01T00:00:00.000Z","lt":"2024-02-01T00:00:00.000Z"}}' }
        @{ Name = 'range epoch';   Make = { New-CdfRecordFilter -Property lastUpdatedTime -Gte ([datetimeoffset]'2024-07-10T12:57:12Z') }
                                   Expected = '{"range":{"property":["lastUpdatedTime"],"gte":1720616232000}}' }
        @{ Name = 'hasData';       Make = { New-CdfRecordFilter -HasData 's/c', 's/d' }
                                   Expected = '{"hasData":[{"type":"container","space":"s","externalId":"c"},{"type":"container","space":"s","externalId":"d"}]}' }
        @{ Name = 'matchAll';      Make = { New-CdfRecordFilter -MatchAll };                                  Expected = '{"matchAll":{}}' }
        @{ Name = 'or';            Make = { New-CdfRecordFilter -Or (New-CdfRecordFilter -MatchAll), @{ exists = @{ property = 's/c/p' } } }
                                   Expected = '{"or":[{"matchAll":{}},{"exists":{"property":["s","c","p"]}}]}' }
        @{ Name = 'not';           Make = { New-CdfRecordFilter -Not (New-CdfRecordFilter -Property space -Equals 'x') }
                                   Expected = '{"not":{"equals":{"property":["space"],"value":"x"}}}' }
    ) {
        & $Make | Json | Should -BeExactly $Expected
    }

    It 'mixes filter objects, hashtables, PSCustomObjects and JSON strings' {
        $f = New-CdfRecordFilter -And @(
            (New-CdfRecordFilter -MatchAll),
            @{ Exists = @{ Property = 's/c/p' } },
            [pscustomobject]@{ not = [pscustomobject]@{ equals = [pscustomobject]@{ property = @('externalId'); value = 'x' } } },
            '{"hasData":[{"type":"container","space":"s","externalId":"c"}]}',
            [ordered]@{ range = [ordered]@{ property = 'createdTime'; gte = [datetime]::new(1970, 1, 1, 0, 0, 1, [DateTimeKind]::Utc) } })
        $f | Json | Should -BeExactly ('{"and":[{"matchAll":{}},{"exists":{"property":["s","c","p"]}},' +
            '{"not":{"equals":{"property":["externalId"],"value":"x"}}},' +
            '{"hasData":[{"type":"container","space":"s","externalId":"c"}]},' +
            '{"range":{"property":["createdTime"],"gte":1000}}]}')
        $f.NodeCount | Should -Be 7
        $f.Depth | Should -Be 3
    }

    It 'takes a filter that crossed a serialization boundary (a job, remoting, Export-Clixml)' {
        $f = New-CdfRecordFilter -Property externalId -Prefix 'pump'
        $copy = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($f))
        $copy.PSObject.TypeNames[0] | Should -Be 'Deserialized.CogniteRecords.RecordFilter'
        New-CdfRecordFilter -Not $copy | Json | Should -BeExactly '{"not":{"prefix":{"property":["externalId"],"value":"pump"}}}'
    }

    It 'gives the same text for equal filters built differently' {
        $a = New-CdfRecordFilter -Property 's/c/n' -Gte 20 -Lt 30
        $b = [CogniteRecords.RecordFilter]::Parse('{ "range": { "lt": 30.0, "property": ["s", "c", "n"], "GTE": 2e1 } }')
        $c = New-CdfRecordFilter { n -lt 30 -and n -ge 20.0 } -Container s/c
        $b.ToString() | Should -BeExactly $a.ToString()
        $c.ToString() | Should -BeExactly $a.ToString()
        $a.Equals($b) | Should -BeTrue
    }

    It 'prints its JSON' {
        $f = New-CdfRecordFilter -Property externalId -Prefix 'abc'
        ($f | Out-String -Width 1000).Trim() | Should -BeExactly '{"prefix":{"property":["externalId"],"value":"abc"}}'
        "$f" | Should -BeExactly '{"prefix":{"property":["externalId"],"value":"abc"}}'
    }

    It 'refuses a bare -Property with no operator, and a bare name with no -Container' {
        { New-CdfRecordFilter -Property 's/c/p' } | Should -Throw -ErrorId $InvalidId -ExpectedMessage '*needs an operator*'
        { New-CdfRecordFilter -Property 'p' -Exists } | Should -Throw -ErrorId $InvalidId -ExpectedMessage "*'p'*-Container*"
    }
}

Describe 'Invalid filters are refused with the part named' {
    It '<Name>' -TestCases @(
        @{ Name = 'unknown operator';          Make = { New-CdfRecordFilter -Not @{ equal = @{ property = 'space'; value = 'a' } } }; Message = "*'not.equal'*unknown operator 'equal'*" }
        @{ Name = 'unknown key';               Make = { New-CdfRecordFilter -And @{ range = @{ property = 's/c/p'; gte = 1; max = 2 } } }; Message = "*'and[[]0].range.max'*unknown key 'max'*" }
        @{ Name = 'property path shape';       Make = { New-CdfRecordFilter -Property 's/c' -Exists }; Message = "*'exists.property'*2 parts*" }
        @{ Name = 'top-level field for range'; Make = { New-CdfRecordFilter -Property externalId -Gt 'a' }; Message = "*'range.property'*does not take the top-level field 'externalId'*" }
        @{ Name = 'top-level field for exists';Make = { New-CdfRecordFilter -Property space -Exists }; Message = "*container properties only*" }
        @{ Name = 'top-level field for prefix';Make = { New-CdfRecordFilter -Property createdTime -Prefix '1' }; Message = "*'prefix.property'*'createdTime'*" }
        @{ Name = 'two lower bounds';          Make = { New-CdfRecordFilter -Property 's/c/p' -Gt 1 -Gte 2 }; Message = "*'range'*one lower bound*" }
        @{ Name = 'two upper bounds';          Make = { New-CdfRecordFilter -Property 's/c/p' -Lt 1 -Lte 2 }; Message = "*'range'*one upper bound*" }
        @{ Name = '101 values';                Make = { New-CdfRecordFilter -Property 's/c/p' -In (1..101) }; Message = "*'in.values'*got 101*" }
        @{ Name = '101 containsAll values';    Make = { New-CdfRecordFilter -Property 's/c/p' -ContainsAll (1..101) }; Message = "*'containsAll.values'*got 101*" }
        @{ Name = 'prefix of 501';             Make = { New-CdfRecordFilter -Property externalId -Prefix ('x' * 501) }; Message = "*'prefix.value'*1 to 500*501*" }
        @{ Name = '11 hasData containers';     Make = { New-CdfRecordFilter -HasData (0..10 | ForEach-Object { "s/c$_" }) }; Message = "*'hasData'*got 11*" }
        @{ Name = 'bad JSON';                  Make = { New-CdfRecordFilter -Not '{"matchAll":' }; Message = "*'not'*not valid JSON*" }
        @{ Name = 'two keys';                  Make = { New-CdfRecordFilter -Not ([ordered]@{ matchAll = @{}; exists = @{ property = 's/c/p' } }) }; Message = "*exactly one key*'matchAll', 'exists'*" }
    ) {
        { & $Make } | Should -Throw -ErrorId $InvalidId -ExpectedMessage $Message
    }

    It 'takes 100 nodes and refuses 101' {
        $leaf = New-CdfRecordFilter -MatchAll
        $half = New-CdfRecordFilter -Or (@($leaf) * 49)             # 50 nodes
        $smaller = New-CdfRecordFilter -Or (@($leaf) * 48)          # 49 nodes
        (New-CdfRecordFilter -And $half, $smaller).NodeCount | Should -Be 100
        { New-CdfRecordFilter -And $half, $half } | Should -Throw -ErrorId $InvalidId -ExpectedMessage '*101 nodes*at most 100*'
    }

    It 'takes depth 10 and refuses depth 11' {
        $f = New-CdfRecordFilter -MatchAll
        foreach ($i in 2..10) { $f = New-CdfRecordFilter -Not $f }
        $f.Depth | Should -Be 10
        { New-CdfRecordFilter -Not $f } | Should -Throw -ErrorId $InvalidId -ExpectedMessage '*deeper than 10*'
    }

    It 'takes 100 values and a prefix of 500' {
        (New-CdfRecordFilter -Property 's/c/p' -In (1..100)).ToString() | Should -Match '"values":\[1,2,.*,100\]'
        (New-CdfRecordFilter -Property externalId -Prefix ('x' * 500)).ToString().Length | Should -Be (500 + '{"prefix":{"property":["externalId"],"value":""}}'.Length)
    }
}

Describe 'New-CdfRecordFilter -Expression: every construct' {
    It '<Text>' -TestCases @(
        # comparisons, command form (a bare word first) and $_ form
        @{ Text = 'temperature -eq 21.5';           Expected = '{"equals":{"property":["s","c","temperature"],"value":21.5}}' }
        @{ Text = '$_.temperature -eq 21.5';        Expected = '{"equals":{"property":["s","c","temperature"],"value":21.5}}' }
        @{ Text = '$PSItem.temperature -ceq 21.5';  Expected = '{"equals":{"property":["s","c","temperature"],"value":21.5}}' }
        @{ Text = 'temperature -ne 3';              Expected = '{"not":{"equals":{"property":["s","c","temperature"],"value":3}}}' }
        @{ Text = 'temperature -gt 1';              Expected = '{"range":{"property":["s","c","temperature"],"gt":1}}' }
        @{ Text = 'temperature -ge -5';             Expected = '{"range":{"property":["s","c","temperature"],"gte":-5}}' }
        @{ Text = '$_.temperature -ge -5';          Expected = '{"range":{"property":["s","c","temperature"],"gte":-5}}' }
        @{ Text = 'temperature -lt 1e3';            Expected = '{"range":{"property":["s","c","temperature"],"lt":1000}}' }
        @{ Text = 'temperature -le 2.5';            Expected = '{"range":{"property":["s","c","temperature"],"lte":2.5}}' }
        @{ Text = 'temperature -ge:20';             Expected = '{"range":{"property":["s","c","temperature"],"gte":20}}' }
        @{ Text = '20 -le $_.temperature';          Expected = '{"range":{"property":["s","c","temperature"],"gte":20}}' }
        @{ Text = 'temperature -ge 1 -and temperature -lt 5'; Expected = '{"range":{"property":["s","c","temperature"],"gte":1,"lt":5}}' }
        @{ Text = 'kind -in ''a'', ''b''';          Expected = '{"in":{"property":["s","c","kind"],"values":["a","b"]}}' }
        @{ Text = 'kind -in (''a'', ''b'')';        Expected = '{"in":{"property":["s","c","kind"],"values":["a","b"]}}' }
        @{ Text = '$_.kind -in @(''a'', ''b'')';    Expected = '{"in":{"property":["s","c","kind"],"values":["a","b"]}}' }
        @{ Text = 'kind -notin ''a''';              Expected = '{"not":{"in":{"property":["s","c","kind"],"values":["a"]}}}' }
        @{ Text = '(1, 2) -contains $_.n';          Expected = '{"in":{"property":["s","c","n"],"values":[1,2]}}' }
        @{ Text = 'tags -contains ''a''';           Expected = '{"containsAny":{"property":["s","c","tags"],"values":["a"]}}' }
        @{ Text = '''a'' -in $_.tags';              Expected = '{"containsAny":{"property":["s","c","tags"],"values":["a"]}}' }
        @{ Text = 'tags -notcontains ''a''';        Expected = '{"not":{"containsAny":{"property":["s","c","tags"],"values":["a"]}}}' }
        @{ Text = 'tags -contains ''a'', ''b''';    Expected = '{"containsAll":{"property":["s","c","tags"],"values":["a","b"]}}' }
        @{ Text = 'tags -contains ''a'' -or tags -contains ''b'''; Expected = '{"containsAny":{"property":["s","c","tags"],"values":["a","b"]}}' }
        @{ Text = 'name -like ''pump*''';           Expected = '{"prefix":{"property":["s","c","name"],"value":"pump"}}' }
        @{ Text = 'name -notlike ''pump*''';        Expected = '{"not":{"prefix":{"property":["s","c","name"],"value":"pump"}}}' }
        @{ Text = 'name -like ''pump''';            Expected = '{"equals":{"property":["s","c","name"],"value":"pump"}}' }
        # $null, booleans, dates, objects
        @{ Text = 'note -eq $null';                 Expected = '{"not":{"exists":{"property":["s","c","note"]}}}' }
        @{ Text = '$_.note -ne $null';              Expected = '{"exists":{"property":["s","c","note"]}}' }
        @{ Text = 'active -eq $true';               Expected = '{"equals":{"property":["s","c","active"],"value":true}}' }
        @{ Text = 'active -eq $false';              Expected = '{"equals":{"property":["s","c","active"],"value":false}}' }
        @{ Text = 'at -ge [datetime]''2024-01-01T00:00:00Z'''; Expected = '{"range":{"property":["s","c","at"],"gte":"2024-01-01T00:00:00.000Z"}}' }
        @{ Text = '$_.at -lt [datetimeoffset]''2024-01-01T02:00:00+02:00'''; Expected = '{"range":{"property":["s","c","at"],"lt":"2024-01-01T00:00:00.000Z"}}' }
        @{ Text = 'createdTime -ge [datetimeoffset]''2024-07-10T12:57:12Z'''; Expected = '{"range":{"property":["createdTime"],"gte":1720616232000}}' }
        @{ Text = 'lastUpdatedTime -lt 1720616232000'; Expected = '{"range":{"property":["lastUpdatedTime"],"lt":1720616232000}}' }
        @{ Text = 'n -eq [int]''7''';               Expected = '{"equals":{"property":["s","c","n"],"value":7}}' }
        @{ Text = 'owner -eq @{ space = ''s''; externalId = ''e'' }'; Expected = '{"equals":{"property":["s","c","owner"],"value":{"externalId":"e","space":"s"}}}' }
        # names: top-level fields, quoted full paths
        @{ Text = 'externalId -like ''r*''';        Expected = '{"prefix":{"property":["externalId"],"value":"r"}}' }
        @{ Text = 'space -eq ''s''';                Expected = '{"equals":{"property":["space"],"value":"s"}}' }
        @{ Text = '''other/box/w'' -gt 0';          Expected = '{"range":{"property":["other","box","w"],"gt":0}}' }
        @{ Text = '$_.''other/box/w'' -gt 0';       Expected = '{"range":{"property":["other","box","w"],"gt":0}}' }
        # -and, -or, -not, !, parentheses, precedence (equal, left to right, as PowerShell)
        @{ Text = 'a -eq 1 -and b -eq 2 -and c -eq 3'; Expected = '{"and":[{"equals":{"property":["s","c","a"],"value":1}},{"equals":{"property":["s","c","b"],"value":2}},{"equals":{"property":["s","c","c"],"value":3}}]}' }
        @{ Text = 'a -eq 1 -or b -eq 2 -and c -eq 3';  Expected = '{"and":[{"or":[{"equals":{"property":["s","c","a"],"value":1}},{"equals":{"property":["s","c","b"],"value":2}}]},{"equals":{"property":["s","c","c"],"value":3}}]}' }
        @{ Text = '$_.a -eq 1 -or $_.b -eq 2 -and $_.c -eq 3'; Expected = '{"and":[{"or":[{"equals":{"property":["s","c","a"],"value":1}},{"equals":{"property":["s","c","b"],"value":2}}]},{"equals":{"property":["s","c","c"],"value":3}}]}' }
        @{ Text = 'a -eq 1 -or (b -eq 2 -and c -eq 3)'; Expected = '{"or":[{"equals":{"property":["s","c","a"],"value":1}},{"and":[{"equals":{"property":["s","c","b"],"value":2}},{"equals":{"property":["s","c","c"],"value":3}}]}]}' }
        @{ Text = '(a -eq 1) -or (b -eq 2)';        Expected = '{"or":[{"equals":{"property":["s","c","a"],"value":1}},{"equals":{"property":["s","c","b"],"value":2}}]}' }
        @{ Text = '-not (a -eq 1)';                 Expected = '{"not":{"equals":{"property":["s","c","a"],"value":1}}}' }
        @{ Text = '!($_.a -eq 1)';                  Expected = '{"not":{"equals":{"property":["s","c","a"],"value":1}}}' }
        @{ Text = 'b -eq 2 -and -not a -eq 1';      Expected = '{"and":[{"equals":{"property":["s","c","b"],"value":2}},{"not":{"equals":{"property":["s","c","a"],"value":1}}}]}' }
        @{ Text = 'b -eq 2 -and !(a -eq 1)';        Expected = '{"and":[{"equals":{"property":["s","c","b"],"value":2}},{"not":{"equals":{"property":["s","c","a"],"value":1}}}]}' }
    ) {
        FromText $Text | Json | Should -BeExactly $Expected
    }

    It 'takes a block over several lines' {
        $f = New-CdfRecordFilter -Container s/c -Expression {
            temperature -ge 20 -and
            tags -contains 'a'
        }
        $f | Json | Should -BeExactly '{"and":[{"range":{"property":["s","c","temperature"],"gte":20}},{"containsAny":{"property":["s","c","tags"],"values":["a"]}}]}'
    }

    It 'takes the block by position' {
        New-CdfRecordFilter { externalId -eq 'r1' } | Json | Should -BeExactly '{"equals":{"property":["externalId"],"value":"r1"}}'
    }
}

Describe 'New-CdfRecordFilter -Expression: variables of the caller' {
    It 'reads a variable of the calling scope when the filter is built' {
        $limit = 25
        $f = New-CdfRecordFilter { temperature -ge $limit } -Container s/c
        $limit = 99
        $f | Json | Should -BeExactly '{"range":{"property":["s","c","temperature"],"gte":25}}'
    }

    It 'reads script-scope, scope-qualified and function-local variables' {
        $script:site = 'oslo'
        New-CdfRecordFilter { site -eq $site } -Container s/c | Json | Should -BeExactly '{"equals":{"property":["s","c","site"],"value":"oslo"}}'
        New-CdfRecordFilter { site -eq $script:site } -Container s/c | Json | Should -BeExactly '{"equals":{"property":["s","c","site"],"value":"oslo"}}'
        function Get-Filter([double] $Min) { New-CdfRecordFilter { $_.temperature -gt $Min } -Container s/c }
        Get-Filter -Min 3.5 | Json | Should -BeExactly '{"range":{"property":["s","c","temperature"],"gt":3.5}}'
    }

    It 'reads arrays, dates, properties of variables and expands simple strings' {
        $kinds = 'a', 'b'
        $since = [datetimeoffset]'2024-07-10T12:57:12Z'
        $settings = [pscustomobject]@{ Threshold = 7 }
        $prefix = 'pump'
        New-CdfRecordFilter { kind -in $kinds } -Container s/c | Json | Should -BeExactly '{"in":{"property":["s","c","kind"],"values":["a","b"]}}'
        New-CdfRecordFilter { lastUpdatedTime -ge $since } | Json | Should -BeExactly '{"range":{"property":["lastUpdatedTime"],"gte":1720616232000}}'
        New-CdfRecordFilter { n -gt $settings.Threshold } -Container s/c | Json | Should -BeExactly '{"range":{"property":["s","c","n"],"gt":7}}'
        New-CdfRecordFilter { name -like "$prefix-*" } -Container s/c | Json | Should -BeExactly '{"prefix":{"property":["s","c","name"],"value":"pump-"}}'
        $env:CDF_FILTER_TEST = 'abc'
        New-CdfRecordFilter { externalId -eq $env:CDF_FILTER_TEST } | Json | Should -BeExactly '{"equals":{"property":["externalId"],"value":"abc"}}'
    }
}

Describe 'New-CdfRecordFilter -Expression: refusals name the position and give a hint' {
    It '<Name>' -TestCases @(
        @{ Name = 'method call';            Text = 'temperature -eq 1 -and $_.name.ToUpper() -eq ''A''';  Offending = '$_.name.ToUpper()';  Message = '*method call*Hint:*variable*' }
        @{ Name = 'method call as value';   Text = '$_.n -eq $x.GetHashCode()';     Offending = '$x.GetHashCode()';  Message = '*method call*' }
        @{ Name = '-match';                 Text = 'name -match ''^a''';            Offending = '-match';            Message = '*-match*Hint:*-like ''abc`**' }
        @{ Name = '-match, $_ form';        Text = '$_.name -match ''^a''';         Offending = '-match';            Message = '*-match*' }
        @{ Name = 'inner wildcard';         Text = 'name -like ''a*b*''';           Offending = '''a*b*''';          Message = '*one trailing `**' }
        @{ Name = 'leading wildcard';       Text = '$_.name -like ''*b''';          Offending = '''*b''';            Message = '*one trailing `**' }
        @{ Name = '? wildcard';             Text = 'name -like ''a?''';             Offending = '''a?''';            Message = '*one trailing `**' }
        @{ Name = 'arithmetic';             Text = '$_.n -gt 1 + 2';                Offending = '1 + 2';             Message = '*arithmetic*Hint:*variable*' }
        @{ Name = 'arithmetic, command';    Text = 'n -gt 1 * 2';                   Offending = '1 * 2';             Message = '*arithmetic*' }
        @{ Name = '-xor';                   Text = '($_.a -eq 1) -xor ($_.b -eq 2)';Offending = '-xor';              Message = '*-xor*' }
        @{ Name = 'a command';              Text = '$_.at -gt (Get-Date)';          Offending = '(Get-Date)';        Message = '*command*' }
        @{ Name = 'a pipeline';             Text = '$_.a -eq 1 | Out-Null';         Offending = 'Out-Null';          Message = '*pipeline*' }
        @{ Name = 'a subexpression';        Text = '$_.a -eq $(1)';                 Offending = '$(1)';              Message = '*subexpression*' }
        @{ Name = 'indexing';               Text = '$_.a -eq $list[0]';             Offending = '$list[0]';          Message = '*indexing*' }
        @{ Name = 'two properties';         Text = '$_.a -eq $_.b';                 Offending = '$_.b';              Message = '*not with another property*' }
        @{ Name = 'bare word value';        Text = 'kind -eq pump';                 Offending = 'pump';              Message = '*quote*' }
        @{ Name = 'undefined variable';     Text = 'a -eq $notDefinedAnywhere';     Offending = '$notDefinedAnywhere'; Message = '*not defined*' }
        @{ Name = 'no comparison';          Text = '$_.active';                     Offending = '$_.active';         Message = '*no comparison*-eq $true*' }
        @{ Name = 'two statements';         Text = '$_.a -eq 1; $_.b -eq 2';       Offending = '$_.b -eq 2';        Message = '*second statement*' }
        @{ Name = 'list with -eq';          Text = '$_.a -eq 1, 2';                 Offending = '1, 2';              Message = '*-in*' }
        @{ Name = 'null range bound';       Text = 'a -gt $null';                   Offending = '$null';             Message = '*range bound*' }
        @{ Name = 'not after a property';   Text = 'a -not 1';                      Offending = '-not';              Message = '*-not*' }
        @{ Name = 'a cast to an odd type';  Text = '$_.a -eq [guid]''00000000-0000-0000-0000-000000000000'''; Offending = '[guid]'; Message = '*cast*' }
        @{ Name = 'top-level field misuse'; Text = 'externalId -gt ''a''';          Offending = 'externalId -gt ''a'''; Message = '*does not take the top-level field*' }
        @{ Name = 'bad property path';      Text = '''a/b'' -eq 1';                 Offending = '''a/b'' -eq 1';     Message = "*2 parts*" }
        @{ Name = 'too long prefix';        Text = ('name -like ''' + ('x' * 501) + '*''');  Offending = 'name -like'; Message = "*1 to 500*" }
    ) {
        $err = $null
        try { FromText $Text } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty -Because 'the expression has no filter equivalent'
        $err.FullyQualifiedErrorId | Should -BeLike 'UnsupportedFilterExpression,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $column = $Text.IndexOf($Offending) + 1
        $err.Exception.Message | Should -BeLike "*line 1, column $column*"
        $err.Exception.Message | Should -BeLike ('*' + [WildcardPattern]::Escape($Offending.Substring(0, [Math]::Min(20, $Offending.Length))) + '*')
        $err.Exception.Message | Should -BeLike $Message
    }

    It 'refuses a bare name without -Container, naming it' {
        { New-CdfRecordFilter { temperature -ge 20 } } | Should -Throw -ErrorId $UnsupportedId -ExpectedMessage "*bare property name 'temperature'*-Container*"
    }

    It 'gives positions in the calling script' {
        $err = $null
        try {
            New-CdfRecordFilter -Container s/c -Expression {
                temperature -ge 20 -and
                    name -match 'x'
            }
        } catch { $err = $_ }
        # Positions count in this file, where the block was written.
        $line = (Select-String -Path (Join-Path $PSScriptRoot 'RecordFilter.Tests.ps1') -Pattern "^\s+name -match 'x'$").LineNumber
        $err.Exception.Message | Should -BeLike "*line $line, column 26*"
        $err.Exception.Message | Should -Match "\('-match'\)"
    }
}

Describe 'The help page''s examples' {
    BeforeDiscovery {
        $page = Get-Content -Raw (Join-Path $PSScriptRoot '../../docs/en-US/New-CdfRecordFilter.md')
        $script:Examples = foreach ($m in [regex]::Matches($page, '### (Example \d+[^\r\n]*)\r?\n```powershell\r?\n(.*?)```\r?\n\r?\n```output\r?\n(.*?)```', 'Singleline')) {
            @{ Name = $m.Groups[1].Value; Code = $m.Groups[2].Value; Expected = $m.Groups[3].Value.TrimEnd() }
        }
    }

    It 'has an example for every operator and the expression syntax' {
        $page = Get-Content -Raw (Join-Path $PSScriptRoot '../../docs/en-US/New-CdfRecordFilter.md')
        foreach ($op in 'and', 'or', 'not', 'matchAll', 'exists', 'equals', 'in', 'prefix', 'range', 'containsAny', 'containsAll', 'hasData') {
            $page | Should -Match ('```output[^`]*"' + $op + '":') -Because "the page shows the $op operator"
        }
    }

    It '<Name> prints what the page says' -TestCases $Examples {
        function Sync-CdfRecord { } # the examples' syncs are not the point here
        $actual = try { & ([scriptblock]::Create($Code)) | ForEach-Object { "$_" } } catch { 'New-CdfRecordFilter: ' + $_.Exception.Message }
        ($actual -join "`n") | Should -BeExactly ($Expected -replace "`r", '')
    }
}
