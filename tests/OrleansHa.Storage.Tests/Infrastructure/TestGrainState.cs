using Orleans.Serialization.Activators;
using Orleans.Serialization.Serializers;

namespace OrleansHa.Storage.Tests.Infrastructure;

/// <summary>The state object Orleans hands to a storage provider.</summary>
public sealed class TestGrainState<T> : IGrainState<T>
{
    public T? State { get; set; }

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}

/// <summary>A grain's state in the tests.</summary>
public sealed class CounterState
{
    public int Value { get; set; }

    public string Text { get; set; } = "";
}

/// <summary>Creates fresh state objects with their parameterless constructors, as Orleans' activators do.</summary>
public sealed class NewInstanceActivatorProvider : IActivatorProvider
{
    public static readonly NewInstanceActivatorProvider Instance = new();

    public IActivator<T> GetActivator<T>() => new NewInstanceActivator<T>();

    private sealed class NewInstanceActivator<T> : IActivator<T>
    {
        public T Create() => Activator.CreateInstance<T>();
    }
}
