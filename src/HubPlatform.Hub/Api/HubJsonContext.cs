using System.Text.Json.Serialization;

namespace HubPlatform.Hub.Api;

/// <summary>
/// Source-generated JSON metadata for every contract type, so the client and the mirror (de)serialise without reflection
/// and stay trim- and AOT-safe.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = false,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    Converters = [typeof(HubTimestampJsonConverter)])]
[JsonSerializable(typeof(ModelInfo))]
[JsonSerializable(typeof(List<ModelInfo>))]
[JsonSerializable(typeof(DatasetInfo))]
[JsonSerializable(typeof(List<DatasetInfo>))]
[JsonSerializable(typeof(TreeEntry))]
[JsonSerializable(typeof(List<TreeEntry>))]
[JsonSerializable(typeof(PathsInfoRequest))]
[JsonSerializable(typeof(GitRefs))]
[JsonSerializable(typeof(CommitInfo))]
[JsonSerializable(typeof(List<CommitInfo>))]
[JsonSerializable(typeof(WhoAmI))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(PreuploadRequest))]
[JsonSerializable(typeof(PreuploadResponse))]
[JsonSerializable(typeof(LfsBatchRequest))]
[JsonSerializable(typeof(LfsBatchResponse))]
[JsonSerializable(typeof(LfsObjectId))]
[JsonSerializable(typeof(LfsMultipartCompletion))]
[JsonSerializable(typeof(CommitResponse))]
[JsonSerializable(typeof(CreateRepoRequest))]
[JsonSerializable(typeof(CreateRepoResponse))]
[JsonSerializable(typeof(DeleteRepoRequest))]
[JsonSerializable(typeof(MoveRepoRequest))]
[JsonSerializable(typeof(RepoSettingsRequest))]
[JsonSerializable(typeof(CreateBranchRequest))]
[JsonSerializable(typeof(CreateTagRequest))]
[JsonSerializable(typeof(ValidateYamlResponse))]
[JsonSerializable(typeof(List<AccessRequestInfo>))]
[JsonSerializable(typeof(HandleAccessRequest))]
[JsonSerializable(typeof(Dictionary<string, System.Text.Json.JsonElement>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
public sealed partial class HubJsonContext : JsonSerializerContext;
