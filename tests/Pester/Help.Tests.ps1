# Every exported cmdlet and every one of its parameters has help text, from the MAML that build.ps1 Docs makes.
BeforeDiscovery {
    $module = if ($env:COGNITERECORDS_MODULE) { $env:COGNITERECORDS_MODULE } else { Join-Path $PSScriptRoot '../../out/CogniteRecords/CogniteRecords.psd1' }
    Import-Module $module -Force
    $script:commands = @(Get-Command -Module CogniteRecords -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    $module = if ($env:COGNITERECORDS_MODULE) { $env:COGNITERECORDS_MODULE } else { Join-Path $PSScriptRoot '../../out/CogniteRecords/CogniteRecords.psd1' }
    Import-Module $module -Force
    $script:common = [System.Management.Automation.PSCmdlet]::CommonParameters
}

Describe 'Help of <Name>' -ForEach $commands {
    BeforeAll {
        $script:help = Get-Help $Name -Full
        $script:cmd = Get-Command $Name
    }

    It 'has a synopsis and a description' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        # Without MAML, PowerShell makes the synopsis from the syntax.
        $help.Synopsis | Should -Not -Match "^\s*$([regex]::Escape($Name)) "
        ($help.description.Text -join '') | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples, each with code, and explains them' {
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        foreach ($e in $help.examples.example) { $e.code | Should -Not -BeNullOrEmpty }
        @($help.examples.example | Where-Object { ($_.remarks.Text -join '').Trim() }).Count | Should -BeGreaterOrEqual 2
    }

    It 'describes its outputs' {
        @($help.returnValues.returnValue).Count | Should -BeGreaterOrEqual 1
    }

    It 'describes every parameter' {
        $documented = @{}
        foreach ($p in @($help.parameters.parameter)) { if ($p) { $documented[$p.name] = ($p.description.Text -join '') } }
        $names = @($cmd.Parameters.Keys | Where-Object { $_ -notin $common })
        foreach ($n in $names) {
            $documented.ContainsKey($n) | Should -BeTrue -Because "-$n of $Name needs a help entry"
            $documented[$n] | Should -Not -BeNullOrEmpty -Because "-$n of $Name needs a description"
        }
        # Nothing documented that the cmdlet does not have.
        foreach ($n in $documented.Keys) { $names | Should -Contain $n }
    }
}

Describe 'about_CogniteRecords' {
    It 'is there' {
        (Get-Help about_CogniteRecords | Out-String) | Should -Match 'commit after each page'
    }
}
