# The emulator's helper module, used as runbook tests use it: start in BeforeAll, stop in AfterAll.
BeforeAll {
    $modulePath = $env:COGNITERECORDS_EMULATOR_MODULE
    if (-not $modulePath) { $modulePath = Join-Path $PSScriptRoot '../../out/CogniteRecords.Emulator/CogniteRecords.Emulator.psd1' }
    Import-Module $modulePath -Force
    $script:emu = Start-CdfEmulator -SeedStream 'seeded' -SeedRecords 25 -SeedProperties 4
    $script:headers = @{ Authorization = "Bearer $($emu.Token)" }
}

AfterAll {
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'Start-CdfEmulator' {
    It 'returns the addresses, a token and a certificate file' {
        $emu.HttpUrl | Should -Match '^http://127\.0\.0\.1:\d+$'
        $emu.HttpsUrl | Should -Match '^https://127\.0\.0\.1:\d+$'
        $emu.Token | Should -Not -BeNullOrEmpty
        Get-Content -Raw $emu.CertificateFile | Should -Match 'BEGIN CERTIFICATE'
        $emu.Process.HasExited | Should -BeFalse
    }

    It 'refuses a call without the token' {
        { Invoke-RestMethod "$($emu.ProjectUrl)/streams" } | Should -Throw -ExpectedMessage '*401*'
    }

    It 'round-trips a stream: create, ingest, sync' {
        Invoke-RestMethod -Method Post "$($emu.ProjectUrl)/models/spaces" -Headers $headers -ContentType 'application/json' `
            -Body '{"items":[{"space":"pester"}]}' | Out-Null
        Invoke-RestMethod -Method Post "$($emu.ProjectUrl)/models/containers" -Headers $headers -ContentType 'application/json' `
            -Body '{"items":[{"space":"pester","externalId":"c1","usedFor":"record","properties":{"temperature":{"type":{"type":"float64"}}}}]}' | Out-Null
        $created = Invoke-RestMethod -Method Post "$($emu.ProjectUrl)/streams" -Headers $headers -ContentType 'application/json' `
            -Body '{"items":[{"externalId":"pester-stream","settings":{"template":{"name":"BasicLiveData"}}}]}'
        $created.items[0].type | Should -Be 'Mutable'
        $ingest = @{ items = @(1..3 | ForEach-Object {
                    @{ space = 'pester'; externalId = "r$_"; sources = @(@{ source = @{ type = 'container'; space = 'pester'; externalId = 'c1' }; properties = @{ temperature = 20.5 + $_ } }) }
                }) } | ConvertTo-Json -Depth 10
        Invoke-RestMethod -Method Post "$($emu.ProjectUrl)/streams/pester-stream/records" -Headers $headers -ContentType 'application/json' -Body $ingest | Out-Null
        $page = Invoke-RestMethod -Method Post "$($emu.ProjectUrl)/streams/pester-stream/records/sync" -Headers $headers -ContentType 'application/json' `
            -Body '{"initializeCursor":"1d-ago","limit":10}'
        $page.items.Count | Should -Be 3
        ($page.items | Sort-Object externalId)[2].properties.pester.c1.temperature | Should -Be 23.5
        $page.hasNext | Should -BeFalse
        $page.nextCursor | Should -Not -BeNullOrEmpty
    }

    It 'seeds the stream it was asked to' {
        $page = Invoke-RestMethod -Method Post "$($emu.ProjectUrl)/streams/seeded/records/sync" -Headers $headers -ContentType 'application/json' `
            -Body '{"initializeCursor":"1d-ago","limit":1000}'
        $page.items.Count | Should -Be 25
        $page.items[0].properties.emulator.synthetic.PSObject.Properties.Name | Should -Be @('text0', 'int1', 'float2', 'bool3')
    }
}

Describe 'Faults and the request log' {
    BeforeEach { Clear-CdfEmulatorFault; Clear-CdfEmulatorRequest }

    It 'answers an injected 429 with Retry-After, then recovers' {
        Set-CdfEmulatorFault -Status 429 -RetryAfter 7 -Count 1 -Path '/streams' | Out-Null
        $response = Invoke-WebRequest "$($emu.ProjectUrl)/streams" -Headers $headers -SkipHttpErrorCheck
        $response.StatusCode | Should -Be 429
        $response.Headers['Retry-After'] | Should -Be '7'
        ($response.Content | ConvertFrom-Json).error.code | Should -Be 429
        (Invoke-WebRequest "$($emu.ProjectUrl)/streams" -Headers $headers).StatusCode | Should -Be 200
    }

    It 'logs requests with the presence of a token, never its value' {
        Invoke-RestMethod "$($emu.ProjectUrl)/streams" -Headers $headers | Out-Null
        $logged = @(Get-CdfEmulatorRequest -Path '/streams')
        $logged.Count | Should -Be 1
        $logged[0].hasAuthorization | Should -BeTrue
        $logged[0].status | Should -Be 200
        ($logged | ConvertTo-Json -Depth 5) | Should -Not -Match ([regex]::Escape($emu.Token))
    }

    It 'issues tokens that the API accepts' {
        $token = New-CdfEmulatorToken -Subject 'pester-user' -Lifetime (New-TimeSpan -Minutes 5)
        $who = Invoke-RestMethod "$($emu.HttpUrl)/api/v1/token/inspect" -Headers @{ Authorization = "Bearer $token" }
        $who.subject | Should -Be 'pester-user'
        $who.projects[0].projectUrlName | Should -Be $emu.Project
    }

    It 'changes the page cap at run time' {
        (Set-CdfEmulatorConfig -PageBytes 2048).pageBytes | Should -Be 2048
        $page = Invoke-RestMethod -Method Post "$($emu.ProjectUrl)/streams/seeded/records/sync" -Headers $headers -ContentType 'application/json' `
            -Body '{"initializeCursor":"1d-ago","limit":1000}'
        $page.items.Count | Should -BeLessThan 25
        $page.hasNext | Should -BeTrue
        Set-CdfEmulatorConfig -PageBytes 10485760 | Out-Null
    }
}

# Last in this file: the clock only moves forward, and the tests above read with 'initializeCursor 1d-ago'.
Describe 'The clock' {
    It 'moves forward by a step or to a time, never back' {
        $start = Get-CdfEmulatorClock
        $moved = Move-CdfEmulatorClock -Hours 2
        ($moved.Offset - $start.Offset).TotalMinutes | Should -BeGreaterOrEqual 120
        ($moved.Now - [DateTimeOffset]::UtcNow).TotalMinutes | Should -BeGreaterThan 119
        $target = $moved.Now.AddDays(1)
        (Set-CdfEmulatorClock $target).Now | Should -BeGreaterOrEqual $target
        { Set-CdfEmulatorClock $start.Now } | Should -Throw -ExpectedMessage '*only moves forward*'
        { Move-CdfEmulatorClock ([timespan]'-00:01:00') } | Should -Throw -ExpectedMessage '*only moves forward*'
    }

    It 'expires issued tokens and ages data by it' {
        $token = New-CdfEmulatorToken -Lifetime (New-TimeSpan -Minutes 5)
        $auth = @{ Authorization = "Bearer $token" }
        Invoke-RestMethod "$($emu.ProjectUrl)/streams" -Headers $auth | Out-Null
        Move-CdfEmulatorClock -Minutes 6 | Out-Null
        $response = Invoke-WebRequest "$($emu.ProjectUrl)/streams" -Headers $auth -SkipHttpErrorCheck
        $response.StatusCode | Should -Be 401
        ($response.Content | ConvertFrom-Json).error.message | Should -Match 'expired'
        # The records seeded at start are now more than a day old by the emulator's clock.
        $page = Invoke-RestMethod -Method Post "$($emu.ProjectUrl)/streams/seeded/records/sync" -Headers $headers -ContentType 'application/json' `
            -Body '{"initializeCursor":"1d-ago","limit":1000}'
        $page.items.Count | Should -Be 0
    }
}
