#Requires -Version 7.4
# New-CdfStream as a real project answers it (issue 16): templates of the project's own, stream quotas (active streams
# per template, soft-deleted streams), and a create whose answer was lost. The emulator runs with -StreamQuotas and two
# operator templates; its request log shows what was sent.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-TestModules
    $script:emu = Start-CdfEmulator -StreamQuotas -Template '4yArchive=Immutable,streams=2,dataDeletedAfter=P1461D', 'scratch=Mutable,streams=20'
    Connect-CdfProject -Project $emu.Project -BaseUrl $emu.HttpUrl -AccessToken $emu.Token -RetryDelay '00:00:00.010'
    function script:Creates { @(Get-CdfEmulatorRequest -Path '/streams' -Method POST -Emulator $emu | Where-Object path -NotLike '*/delete') }
}

AfterAll {
    Disconnect-CdfProject -ErrorAction SilentlyContinue
    if ($script:emu) { Stop-CdfEmulator $script:emu }
}

Describe 'New-CdfStream against a project with quotas' {
    AfterEach {
        Clear-CdfEmulatorFault -Emulator $emu
        Clear-CdfEmulatorRequest -Emulator $emu
    }

    Context 'New-CdfStream -Template' {
        It 'creates a stream from a template the project was given besides the reference''s three' {
            $s = New-CdfStream -Stream 'archive-4y' -Template '4yArchive'
            $s.CreatedFromTemplate | Should -Be '4yArchive'
            $s.Type | Should -Be 'Immutable'
            (Get-CdfStream 'archive-4y').CreatedFromTemplate | Should -Be '4yArchive'
        }

        It 'completes the reference''s templates' {
            $line = 'New-CdfStream -Stream x -Template Basic'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('BasicArchive', 'BasicLiveData')
            $line = 'New-CdfStream -Stream x -Template '
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText |
                Should -Be @('ImmutableTestStream', 'BasicArchive', 'BasicLiveData')
        }
    }

    Context 'Stream quotas' {
        It 'refuses a stream beyond its template''s active-stream limit as StreamQuotaExceeded, naming the limit' {
            New-CdfStream -Stream 'live-1' -Template BasicLiveData | Out-Null
            $out = New-CdfStream -Stream 'live-2' -Template BasicLiveData -ErrorVariable err -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'StreamQuotaExceeded,*'
            $err[0].CategoryInfo.Category | Should -Be 'QuotaExceeded'
            $err[0].Exception.StatusCode | Should -Be 409
            $err[0].Exception.Message | Should -Match "stream 'live-2' was not created"
            $err[0].Exception.Message | Should -Match "1 active stream\(s\) of template 'BasicLiveData'"
            $err[0].Exception.Message | Should -Match 'Remove-CdfStream'
            { Get-CdfStream 'live-2' -ErrorAction Stop } | Should -Throw
        }

        It 'still reports an id that is taken as StreamExists' {
            New-CdfStream -Stream 'archive-4y' -Template '4yArchive' -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'StreamExists,*'
        }
    }

    Context 'A create whose answer was lost' {
        It 'reads the stream back and writes it as created, not as "already exists"' {
            # 'drop' makes the stream, then cuts the answer: the client sees a dropped connection and sends the create again.
            Set-CdfEmulatorFault -Emulator $emu -Path '/streams' -Method POST -Kind drop -Count 1 | Out-Null
            $verbose = New-CdfStream -Stream 'lost-answer' -Template scratch -ErrorVariable err -Verbose 4>&1
            $err | Should -HaveCount 0
            $s = @($verbose | Where-Object { $_ -is [CogniteRecords.CdfStream] })
            $s | Should -HaveCount 1
            $s[0].ExternalId | Should -Be 'lost-answer'
            $s[0].CreatedFromTemplate | Should -Be 'scratch'
            "$($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })" | Should -Match 'read back'
            (Creates).status | Should -Be @(201, 409)
            (Creates)[0].fault | Should -Be 'drop'
            @(Get-CdfEmulatorRequest -Path '/streams/lost-answer' -Method GET -Emulator $emu) | Should -HaveCount 1
        }

        It 'is StreamExists when the stream read back is not the one it asked for' {
            New-CdfStream -Stream 'taken' -Template BasicArchive | Out-Null
            Clear-CdfEmulatorRequest -Emulator $emu
            # A 503 first: the create is retried, meets 409, reads back a stream of another template: not this call's.
            Set-CdfEmulatorFault -Emulator $emu -Path '/streams' -Method POST -Sequence @(@{ status = 503 }) | Out-Null
            New-CdfStream -Stream 'taken' -Template scratch -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'StreamExists,*'
            @(Get-CdfEmulatorRequest -Path '/streams/taken' -Method GET -Emulator $emu) | Should -HaveCount 1
        }

        It 'without a retry, a 409 is reported at once (no read-back)' {
            New-CdfStream -Stream 'taken' -Template BasicArchive -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'StreamExists,*'
            @(Get-CdfEmulatorRequest -Path '/streams/taken' -Method GET -Emulator $emu) | Should -HaveCount 0
        }
    }

    # Last: it leaves the project at its soft-deleted limit, so that no later create could succeed.
    Context 'The soft-deleted streams quota' {
        It 'refuses a create beyond it as StreamQuotaExceeded, naming that limit' {
            # Set up through the API directly: the module paces stream creates and deletes at one a second.
            foreach ($i in 1..10) {
                New-TestStream -Emulator $emu -Stream "gone-$i" -Template scratch
                Invoke-TestApi -Emulator $emu -Path 'streams/delete' -Body @{ items = @(@{ externalId = "gone-$i" }) } | Out-Null
            }
            New-CdfStream -Stream 'one-more' -Template scratch -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'StreamQuotaExceeded,*'
            $err[0].Exception.Message | Should -Match 'soft-deleted streams quota: 10'
        }
    }
}
