package io.vigil.quorum;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class VoteTallyTest {
    @TestFactory
    List<DynamicTest> tallyMatchesTheTable() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/quorum/votes.txt"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                final String row = line;
                tests.add(DynamicTest.dynamicTest(row, () -> {
                    String[] parts = row.split("\\|");
                    String[] head = parts[0].trim().split("\\s+");
                    int voters = Integer.parseInt(head[0]);
                    int quorum = Integer.parseInt(head[1]);
                    long epoch = Long.parseLong(head[2]);
                    Map<String, Ballot> ballots = new LinkedHashMap<>();
                    int i = 0;
                    for (String b : parts[1].trim().split("\\s+")) {
                        String voter = "v" + i++;
                        if (!b.equals("-")) {
                            String[] t = b.split("@");
                            ballots.put(voter, new Ballot(t[0], Long.parseLong(t[1])));
                        }
                    }
                    String[] exp = parts[2].trim().split("\\s+");
                    LeaderVote v = VoteTally.count(ballots, epoch, voters, quorum);
                    assertEquals(VoteResult.valueOf(exp[0]), v.result());
                    assertEquals(exp[1], v.winner());
                    assertEquals(Integer.parseInt(exp[2]), v.votes());
                }));
            }
        }
        return tests;
    }

    @Test
    void tallyAgreesWithANaiveCountOnRandomBallots() {
        SplittableRandom r = new SplittableRandom(99);
        for (int run = 0; run < 5000; run++) {
            int voters = 1 + r.nextInt(9);
            int quorum = 1 + r.nextInt(voters);
            long epoch = 1 + r.nextInt(3);
            Map<String, Ballot> ballots = new HashMap<>();
            for (int v = 0; v < voters; v++) {
                if (r.nextInt(4) != 0) {
                    ballots.put("v" + v, new Ballot("c" + r.nextInt(3), 1 + r.nextInt(3)));
                }
            }
            // naive: any candidate with >= majority and >= quorum votes in this epoch wins
            String naiveWinner = null;
            for (String c : List.of("c0", "c1", "c2")) {
                long n = ballots.values().stream().filter(b -> b.isFor(c, epoch)).count();
                if (n >= voters / 2 + 1 && n >= quorum) {
                    naiveWinner = c;
                }
            }
            assertEquals(naiveWinner, VoteTally.count(ballots, epoch, voters, quorum).leader(), ballots.toString());
        }
    }
}
