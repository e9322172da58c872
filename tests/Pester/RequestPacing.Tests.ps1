# One identity's request budget, shared: Connect-CdfProject -BudgetShare / -NoPacing, and runs in several runspaces that
# share one connection taking turns within its budget.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:modulePath = Import-TestModules -PassThru
    $script:emu = Start-CdfEmulator -SeedStream 'paced' -SeedRecords 60 -SeedProperties 2
}

AfterAll {
    Disconnect-CdfProject
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'Connect-CdfProject pacing parameters' {
    BeforeEach { Clear-CdfEmulatorRequest }

    It 'paces within the whole per-identity budget by default, a share of it with -BudgetShare, not at all with -NoPacing' {
        (Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -PassThru).BudgetShare | Should -Be 1
        (Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -BudgetShare 0.25 -PassThru).BudgetShare | Should -Be 0.25
        (Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -NoPacing -PassThru).BudgetShare | Should -BeNullOrEmpty
    }

    It 'refuses -BudgetShare with -NoPacing, and a share out of range, before any request' {
        $e = try { Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -NoPacing -BudgetShare 0.5 } catch { $_ }
        $e.FullyQualifiedErrorId | Should -BeLike 'BudgetShareWithoutPacing,*'
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        foreach ($bad in 0, 1.5, -1) {
            $e = try { Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -BudgetShare $bad } catch { $_ }
            $e.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError,*'
        }
        @(Get-CdfEmulatorRequest).Count | Should -Be 0
    }
}

Describe 'Runs in several runspaces share one connection''s budget' {
    It 'takes turns: four parallel syncs through $using: keep to the pace of the one budget' {
        # A tenth of the budget for reading a mutable stream: 3 requests per second, paced at 2.85 after one at once.
        $c = Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -BudgetShare 0.1 -PassThru
        Clear-CdfEmulatorRequest
        $module = $script:modulePath
        $counts = 1..4 | ForEach-Object -ThrottleLimit 4 -Parallel {
            Import-Module $using:module
            @(Sync-CdfRecord paced -InitializeCursor 1d-ago -PageSize 20 -Connection $using:c).Count
        }
        $counts | Should -Be @(60, 60, 60, 60)
        $syncs = @(Get-CdfEmulatorRequest -Path '/streams/paced/records/sync' | Sort-Object time)
        $syncs.Count | Should -BeGreaterOrEqual 12
        # One burst token, then one request per 1/2.85 s: the requests cannot span less (a busy machine only spreads them).
        $least = ($syncs.Count - 2) / 2.85
        $span = ($syncs[-1].time - $syncs[0].time) / 1000
        $span | Should -BeGreaterThan ($least - 0.5) -Because "$($syncs.Count) sync requests at 2.85 per second take at least $least s"
        # The stream's type was read once for the connection, not once per runspace.
        @(Get-CdfEmulatorRequest -Path '/streams/paced' -Method GET).Count | Should -Be 1
    }
}
