using System.Text.Json;
using OrleansHa.Testing;
using Xunit;

namespace OrleansHa.Silo.Tests;

/// <summary>The GC settings the silo ships in its runtimeconfig.json (the build and the publish write the same file).</summary>
public sealed class SiloRuntimeConfigTests
{
    [Fact]
    public void SiloRuntimeConfig_CapsTheGen0AllocationBudgetAtFourMegabytes()
    {
        var properties = ConfigProperties();

        Assert.True(properties.TryGetProperty("System.GC.Gen0MaxBudget", out var budget), "the silo's runtimeconfig.json sets no System.GC.Gen0MaxBudget");
        Assert.Equal(4 * 1024 * 1024, budget.GetInt64());
    }

    [Fact]
    public void SiloRuntimeConfig_SetsNoHeapHardLimit()
    {
        var properties = ConfigProperties();

        Assert.False(properties.TryGetProperty("System.GC.HeapHardLimit", out _));
        Assert.False(properties.TryGetProperty("System.GC.HeapHardLimitPercent", out _));
    }

    private static JsonElement ConfigProperties()
    {
        var path = BuiltProgram.PathOf("silo", "OrleansHa.Silo.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }
}
