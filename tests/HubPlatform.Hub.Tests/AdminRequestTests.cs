using System.Text.Json;
using HubPlatform.Hub.Api;

namespace HubPlatform.Hub.Tests;

public class AdminRequestTests
{
    [Theory]
    [InlineData(null, GateMode.None, """{"gated":false}""")]
    [InlineData(null, GateMode.Manual, """{"gated":"manual"}""")]
    [InlineData(true, null, """{"private":true,"visibility":"private"}""")]
    public void Settings_requests_write_only_what_changes_and_gating_as_the_hub_spells_it(bool? isPrivate, GateMode? gated, string expected)
    {
        var request = new RepoSettingsRequest
        {
            Private = isPrivate,
            Visibility = isPrivate switch { true => "private", false => "public", null => null },
            Gated = gated,
        };

        Assert.Equal(expected, JsonSerializer.Serialize(request, HubJsonContext.Default.RepoSettingsRequest));
    }

    [Fact]
    public void A_creation_in_the_callers_namespace_sends_organization_null()
    {
        var json = JsonSerializer.Serialize(new CreateRepoRequest { Name = "tiny", Type = "model", Visibility = "public" }, HubJsonContext.Default.CreateRepoRequest);

        Assert.Equal("""{"name":"tiny","organization":null,"type":"model","visibility":"public"}""", json);
    }

    [Fact]
    public void Branch_and_tag_bodies_leave_out_what_is_not_given()
    {
        Assert.Equal("{}", JsonSerializer.Serialize(new CreateBranchRequest(), HubJsonContext.Default.CreateBranchRequest));
        Assert.Equal("""{"tag":"v1"}""", JsonSerializer.Serialize(new CreateTagRequest { Tag = "v1" }, HubJsonContext.Default.CreateTagRequest));
    }

    [Fact]
    public void A_validate_yaml_answer_reads_back_its_messages()
    {
        var answer = JsonSerializer.Deserialize("""{"errors":[{"message":"bad license"}],"warnings":[]}""", HubJsonContext.Default.ValidateYamlResponse)!;

        Assert.Equal("bad license", Assert.Single(answer.Errors).Message);
        Assert.Empty(answer.Warnings);
    }
}
